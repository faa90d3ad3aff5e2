// End to end: `mlgate serve` on loopback over the example's reports — real HTTP requests,
// path traversal attempts, and the index page in headless Chromium.
#include <httplib.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "base/json_doc.h"
#include "tests/e2e/example_repo.h"

namespace mlgate {
namespace {

using ServeTest = testing::ExampleRepoTest;
using testing::CliResult;

// A drift monitoring run's report, as `mlgate drift` writes it (the parts the dashboard reads).
std::string DriftReport(double share, const char* verdict) {
  return std::string(
             "{\"schema_version\": 1, \"tool\": {\"name\": \"mlgate\", \"version\": \"0.1.0\"}, \"verdict\": \"") +
         verdict +
         "\", \"model\": {\"name\": \"tumor-classifier\"}, \"git\": {\"commit\": null}, \"environment\": "
         "\"production\", \"checks\": [{\"id\": \"drift\", \"measurements\": [{\"name\": \"drifted_share\", "
         "\"value\": " +
         std::to_string(share) + "}]}]}";
}

class Server {
 public:
  Server(const std::string& cwd, const std::string& args) {
    std::string out = cwd + "/.serve.out";
    std::string pid;
    testing::RunCommand("cd '" + cwd + "' && { '" + std::string(MLGATE_BINARY) + "' serve " + args + " >'" + out +
                            "' 2>&1 & echo $!; }",
                        &pid, nullptr);
    pid_ = std::atoi(pid.c_str());
    for (int i = 0; i < 100 && port_ == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      std::ifstream in(out);
      std::string line;
      std::getline(in, line);
      size_t at = line.find("http://127.0.0.1:");
      if (at != std::string::npos) port_ = std::atoi(line.c_str() + at + 17);
    }
  }
  ~Server() {
    if (pid_ > 0) ::kill(pid_, SIGTERM);
  }
  int port() const { return port_; }

 private:
  int pid_ = 0;
  int port_ = 0;
};

TEST_F(ServeTest, RunsStatusAndFilesOnLoopbackAndNothingOutside) {
  ASSERT_EQ(Check("--quiet --report reports/run1").exit_code, 0);
  ASSERT_EQ(Check("--quiet --report reports/run2 --format json").exit_code, 0);
  repo_.Write("reports/drift/day1/report.json", DriftReport(0.1, "pass"));
  repo_.Write("reports/drift/day2/report.json", DriftReport(0.6, "fail"));
  repo_.Write("secret.txt", "root:x:0:0 do not serve\n");
  std::filesystem::create_symlink(repo_.path() + "/secret.txt", repo_.path() + "/reports/run1/link.txt");

  Server server(repo_.path(), "--reports reports --listen 127.0.0.1:0");
  ASSERT_GT(server.port(), 0) << repo_.Read(".serve.out");
  httplib::Client client("127.0.0.1", server.port());

  auto index = client.Get("/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  EXPECT_EQ(index->get_header_value("Content-Security-Policy"),
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
  for (const char* part : {"Gate runs (4)", "Where each model is live", "never promoted", "Drift history",
                           "60% of features drifted", "href=\"/runs/run1/report.html\""}) {
    EXPECT_NE(index->body.find(part), std::string::npos) << part;
  }
  auto runs = client.Get("/api/runs");
  ASSERT_TRUE(runs);
  JsonValue json;
  ASSERT_TRUE(ParseJson(runs->body, "/api/runs", &json).ok()) << runs->body;
  EXPECT_EQ(json.Find("runs")->items.size(), 4u);
  auto status = client.Get("/api/status");
  ASSERT_TRUE(status);
  ASSERT_TRUE(ParseJson(status->body, "/api/status", &json).ok()) << status->body;
  EXPECT_EQ(json.Find("models")->items.at(0).Find("model")->text, "tumor-classifier");
  auto page = client.Get("/runs/run1/report.html");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->body.rfind("<!doctype html>", 0), 0u);

  for (const char* path :
       {"/runs/../secret.txt", "/runs/run1/../../secret.txt", "/runs/%2e%2e/secret.txt",
        "/runs/run1/%2e%2e/%2e%2e/secret.txt", "/runs/run1/link.txt", "/runs/run1/report.json%00", "/runs/.serve.out",
        "/runs//etc/passwd", "/runs/run1\\..\\..\\secret.txt", "/../secret.txt"}) {
    httplib::Request req;
    req.method = "GET";
    req.path = path;
    auto res = client.send(req);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 404) << path;
    EXPECT_EQ(res->body.find("root:x"), std::string::npos) << path;
  }
  auto post = client.Post("/", "x", "text/plain");
  ASSERT_TRUE(post);
  EXPECT_NE(post->status, 200);

  if (std::filesystem::exists("/usr/bin/chromium")) {
    testing::TempDir profile;
    std::string dom, log;
    int rc = testing::RunCommand(
        "timeout 120 /usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
        "--disable-background-networking --disable-component-update --disable-sync --enable-logging=stderr --v=0 "
        "--user-data-dir='" +
            profile.path() + "' --dump-dom http://127.0.0.1:" + std::to_string(server.port()) + "/",
        &dom, &log);
    ASSERT_EQ(rc, 0) << log;
    EXPECT_EQ(log.find(":CONSOLE"), std::string::npos) << log;
    EXPECT_NE(dom.find("Gate runs (4)"), std::string::npos);
  }
}

TEST(ServeBadInputTest, AMissingDirectoryOrBadAddressIsAClearError) {
  testing::TempDir dir;
  CliResult r = testing::RunMlgate(dir.path(), "serve --reports nowhere");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("nowhere: not a directory of reports"), std::string::npos) << r.err;
  dir.Write("reports/x.txt", "x");
  r = testing::RunMlgate(dir.path(), "serve --reports reports --listen localhost");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("expected HOST:PORT"), std::string::npos) << r.err;
  r = testing::RunMlgate(dir.path(), "serve --reports reports --listen 127.0.0.1:99999");
  EXPECT_EQ(r.exit_code, 2);
}

}  // namespace
}  // namespace mlgate
