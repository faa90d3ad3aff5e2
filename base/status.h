// Status: the outcome of an operation that can fail, leveldb style. mlgate does not let
// exceptions cross its own interfaces: third-party exceptions stop at one adapter each
// (yaml_doc.cc, json_doc.cc, git_repo.cc) and become a Status with a message a user can act
// on: "<file>:<line>:<col>: what; what to do".
#pragma once

#include <string>
#include <utility>

namespace mlgate {

class Status {
 public:
  enum class Code { kOk, kInvalidArgument, kNotFound, kIOError, kCorruption, kLimit, kInternal };

  Status() = default;
  static Status OK() { return Status(); }
  static Status InvalidArgument(std::string msg) { return Status(Code::kInvalidArgument, std::move(msg)); }
  static Status NotFound(std::string msg) { return Status(Code::kNotFound, std::move(msg)); }
  static Status IOError(std::string msg) { return Status(Code::kIOError, std::move(msg)); }
  // The input is there but malformed: truncated, wrong format, hostile.
  static Status Corruption(std::string msg) { return Status(Code::kCorruption, std::move(msg)); }
  // A documented limit (size, depth, count) was exceeded.
  static Status Limit(std::string msg) { return Status(Code::kLimit, std::move(msg)); }
  static Status Internal(std::string msg) { return Status(Code::kInternal, std::move(msg)); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

  // Prefixes the message with where the failure happened, e.g. "reports/coverage.xml".
  Status WithContext(const std::string& context) const {
    if (ok()) return *this;
    return Status(code_, context + ": " + message_);
  }

 private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

}  // namespace mlgate
