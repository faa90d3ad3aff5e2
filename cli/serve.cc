// `mlgate serve`: the dashboard over a directory of gate reports (cli/dashboard.h) on
// 127.0.0.1 by default, read-only. Routes: / (the index), /api/runs, /api/status, and
// /runs/<path> for files inside the directory (ServedFile decides which). The runs are
// looked up again for each index or API request: a new report shows up without a restart.
#include <httplib.h>

#include <csignal>
#include <iostream>
#include <memory>
#include <mutex>

#include "cli/commands.h"
#include "cli/dashboard.h"
#include "cli/subcommands.h"
#include "registry/environments.h"

namespace mlgate::cli {

namespace {

std::string ContentType(const std::string& file) {
  auto ends = [&](const char* ext) { return file.size() >= std::strlen(ext) && file.ends_with(ext); };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".json") || ends(".sarif")) return "application/json";
  if (ends(".xml")) return "application/xml";
  if (ends(".png")) return "image/png";
  return "text/plain; charset=utf-8";
}

// The answers every response carries: no framing, no sniffing, nothing loaded from
// elsewhere, nothing cached between runs.
void Harden(httplib::Response& res) {
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
  res.set_header("Cache-Control", "no-store");
}

int RunServe(const CommonOptions& common, const std::string& reports, const std::string& listen) {
  // Registries come from the policy when there is one; the dashboard works without.
  LoadedPolicy policy;
  const Config& config = policy.config;
  std::string found;
  bool have_policy = !common.config.empty() || FindConfig(".", &found).ok();
  if (have_policy && !LoadPolicy(common, {}, &policy)) return kExitCannotRun;
  std::vector<GateRun> probe;
  Status s = FindRuns(reports, &probe);
  if (!s.ok()) return Fail(s.message());
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos) return Fail("--listen " + listen + ": expected HOST:PORT, e.g. 127.0.0.1:8080");
  std::string host = listen.substr(0, colon);
  int port = 0;
  try {
    port = std::stoi(listen.substr(colon + 1));
  } catch (...) {
    port = -1;
  }
  if (port < 0 || port > 65535) return Fail("--listen " + listen + ": the port must be 0-65535");

  Workspace served(reports, config.max_evidence_bytes);
  httplib::Server server;
  // A thread a connection: clients that keep theirs open (browsers, load generators) must
  // not starve the rest; idle ones are let go after two seconds.
  server.new_task_queue = [] { return new httplib::ThreadPool(64); };
  server.set_keep_alive_timeout(2);
  server.set_keep_alive_max_count(1000);
  server.set_tcp_nodelay(true);  // headers and body go in separate writes: no Nagle wait between
  std::mutex cache_mutex;
  RunCache cache;
  auto find_runs = [&] {
    std::vector<GateRun> runs;
    std::lock_guard<std::mutex> lock(cache_mutex);
    FindRuns(reports, &runs, &cache);
    return runs;
  };
  const std::string title = config.models.size() == 1 ? config.models[0].name : reports;
  server.Get("/", [&](const httplib::Request&, httplib::Response& res) {
    std::vector<GateRun> runs = find_runs();
    Harden(res);
    res.set_content(
        DashboardPage(runs, have_policy ? CollectStatus(config, "", false) : std::vector<EnvironmentStatus>{}, title),
        "text/html; charset=utf-8");
  });
  server.Get("/api/runs", [&](const httplib::Request&, httplib::Response& res) {
    std::vector<GateRun> runs = find_runs();
    Harden(res);
    res.set_content(RunsJson(runs), "application/json");
  });
  server.Get("/api/status", [&](const httplib::Request&, httplib::Response& res) {
    Harden(res);
    res.set_content(StatusJson(have_policy ? CollectStatus(config, "", false) : std::vector<EnvironmentStatus>{}),
                    "application/json");
  });
  server.Get(R"(/runs/(.+))", [&](const httplib::Request& req, httplib::Response& res) {
    Harden(res);
    std::string file;
    if (!ServedFile(served, req.matches[1], &file)) {
      res.status = 404;
      res.set_content("not found\n", "text/plain");
      return;
    }
    std::ifstream in(file, std::ios::binary);
    std::ostringstream body;
    body << in.rdbuf();
    res.set_content(body.str(), ContentType(file));
  });
  server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    Harden(res);
    if (res.body.empty()) res.set_content(std::to_string(res.status) + "\n", "text/plain");
  });

  int bound = port == 0 ? server.bind_to_any_port(host) : (server.bind_to_port(host, port) ? port : -1);
  if (bound < 0) return Fail("--listen " + listen + ": cannot listen there (in use, or not an address of this host)");
  std::cout << "serving http://" << host << ":" << bound << "/ (reports in " << reports << "; Ctrl-C stops)"
            << std::endl;
  server.listen_after_bind();
  return kExitPass;
}

}  // namespace

Handler DefineServe(CLI::App* cmd) {
  struct Options {
    CommonOptions common;
    std::string reports = "mlgate-report", listen = "127.0.0.1:8080";
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("--reports", o->reports, "the directory of reports (each run's report.json, at any depth)");
  cmd->add_option("--listen", o->listen, "HOST:PORT to listen on (default 127.0.0.1:8080; port 0: any free one)");
  cmd->add_option("--config", o->common.config, "mlgate.yaml, for the registries (default: found upwards)");
  cmd->footer(
      "Pages: / (runs, where each model is live, drift history), /runs/<path> (the files of a run),\n"
      "/api/runs and /api/status (JSON). Nothing outside --reports is served.\n\n"
      "Examples:\n  mlgate serve --reports ci-reports/\n  mlgate serve --listen 0.0.0.0:8080   (reachable from other "
      "hosts)");
  return [o] { return RunServe(o->common, o->reports, o->listen); };
}

}  // namespace mlgate::cli
