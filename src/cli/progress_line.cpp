#include "cli/progress_line.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <iostream>

namespace iamtrim::cli {

bool ProgressLine::wanted(bool quiet) { return !quiet && ::isatty(STDERR_FILENO) == 1; }

bool ProgressLine::due(bool final) const {
  return enabled_ && (final || !drawn_ || Clock::now() - last_ >= interval_);
}

void ProgressLine::draw(const std::string& text) {
  if (!enabled_) return;
  std::cerr << "\r" << text << "\033[K" << std::flush;
  shown_ = drawn_ = true;
  last_ = Clock::now();
}

void ProgressLine::clear() {
  if (shown_) std::cerr << "\r\033[K" << std::flush;
  shown_ = false;
}

double ProgressLine::seconds() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

std::string format_duration(double seconds) {
  const long s = std::lround(std::max(0.0, seconds));
  char buf[32];
  if (s >= 3600) std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  else std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  return buf;
}

}  // namespace iamtrim::cli
