// The readers behind read_evidence(), one per AWS output shape. Each fills a
// Report from the parsed JSON and records every problem in Fields.
#pragma once

#include "evidence/fields.hpp"
#include "iamtrim/evidence.hpp"

namespace iamtrim::evidence {

// Refuses IN_PROGRESS and FAILED jobs with the reason AWS gave; true when
// the job COMPLETED.
bool check_job_status(const Value& root, Fields& f);

void read_service_last_accessed(const Value& root, Fields& f, Report& r);
void read_with_entities(const Value& root, Fields& f, Report& r);
void read_organizations_access(const Value& root, Fields& f, Report& r);
void read_unused_access_finding(const Value& root, Fields& f, Report& r);

// Records where the job's two dates are in the file, for messages about them.
void note_date_positions(const Value& root, const char* created, const char* completed, Report& r);

// "ec2:RunInstances" from an ActionName printed with or without its prefix;
// nullopt (after an error) when the prefix names another service.
std::optional<std::string> qualify_action(const std::string& service, const Value& name, const std::string& ptr,
                                          Fields& f);

}  // namespace iamtrim::evidence
