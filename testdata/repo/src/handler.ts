import { S3Client, GetObjectCommand } from "@aws-sdk/client-s3";

const s3 = new S3Client({});

export async function handler(event: { key: string }) {
  const out = await s3.send(new GetObjectCommand({ Bucket: process.env.REPORTS_BUCKET, Key: event.key }));
  return { statusCode: 200, body: await out.Body?.transformToString() };
}
