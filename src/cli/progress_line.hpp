// One status line on standard error, redrawn in place while a long run
// works: "\r", the text, then erase to the end of the line. Only on a
// terminal and never with --quiet (the caller decides, wanted()); redrawn at
// most every `interval` (the first and the final state always), and erased
// by clear() so what the command prints next starts on a clean line.
#pragma once

#include <chrono>
#include <string>

namespace iamtrim::cli {

class ProgressLine {
 public:
  using Clock = std::chrono::steady_clock;
  explicit ProgressLine(bool enabled, std::chrono::milliseconds interval = std::chrono::milliseconds(100))
      : enabled_(enabled), interval_(interval) {}
  ~ProgressLine() { clear(); }
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  // Standard error is a terminal and --quiet was not given.
  static bool wanted(bool quiet);

  bool enabled() const { return enabled_; }
  // Whether draw() would draw now: enabled, and the first time, or `final`,
  // or `interval` since the last drawing. Lets the caller skip formatting.
  bool due(bool final = false) const;
  void draw(const std::string& text);
  void clear();
  // Seconds since the line was created.
  double seconds() const;

 private:
  bool enabled_;
  std::chrono::milliseconds interval_;
  Clock::time_point start_ = Clock::now(), last_{};
  bool shown_ = false, drawn_ = false;
};

// "0:42", "12:05", "1:02:03": a duration for a progress line.
std::string format_duration(double seconds);

}  // namespace iamtrim::cli
