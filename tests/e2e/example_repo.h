// The fixture of the end-to-end tests: a real git repository made from
// examples/tumor-classifier in a temporary directory by scripts/example_repo.sh (as
// `make demo` makes it: the committee's signed approvals included), and the built mlgate
// run in it.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <pugixml.hpp>

#include "tests/testing/test_util.h"

namespace mlgate::testing {

class ExampleRepoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string err;
    ASSERT_EQ(RunCommand(std::string("'") + MLGATE_SOURCE_DIR + "/scripts/example_repo.sh' '" + MLGATE_BINARY + "' '" +
                             repo_.path() + "' '" + keys_.path() + "'",
                         nullptr, &err),
              0)
        << err;
  }

  // Replaces `from` with `to` in mlgate.yaml.
  void EditPolicy(const std::string& from, const std::string& to) {
    std::string text = repo_.Read("mlgate.yaml");
    size_t at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    repo_.Write("mlgate.yaml", text.replace(at, from.size(), to));
  }

  CliResult Check(const std::string& args = "", const std::string& env = "MLGATE_TODAY=2026-11-25") {
    return RunMlgate(repo_.path(), "check " + args, env);
  }

  pugi::xml_node Junit(pugi::xml_document* doc) {
    pugi::xml_parse_result r = doc->load_file((repo_.path() + "/mlgate-report/junit.xml").c_str());
    EXPECT_TRUE(r) << r.description();
    return doc->child("testsuites");
  }

  TempDir repo_;
  TempDir keys_;  // the committee's private keys, outside the repository
};

}  // namespace mlgate::testing
