#include "base/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

extern char** environ;

namespace mlgate {

namespace {

struct Pipe {
  int fd[2] = {-1, -1};
  ~Pipe() {
    for (int f : fd) {
      if (f >= 0) ::close(f);
    }
  }
  void Close(int end) {
    if (fd[end] >= 0) ::close(fd[end]);
    fd[end] = -1;
  }
};

}  // namespace

std::string FindProgram(const std::vector<std::string>& candidates) {
  for (const auto& c : candidates) {
    if (!c.empty() && c[0] == '/' && ::access(c.c_str(), X_OK) == 0) return c;
  }
  return "";
}

Status RunProcess(const std::vector<std::string>& argv, const std::string& input, ProcessResult* result,
                  const std::string& cwd, size_t max_output) {
  *result = ProcessResult();
  if (argv.empty() || argv[0].empty() || argv[0][0] != '/') {
    return Status::InvalidArgument("a program must be named by its absolute path");
  }
  Pipe in, out, err;
  if (::pipe2(in.fd, O_CLOEXEC) != 0 || ::pipe2(out.fd, O_CLOEXEC) != 0 || ::pipe2(err.fd, O_CLOEXEC) != 0) {
    return Status::IOError(std::string("cannot create a pipe: ") + std::strerror(errno));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in.fd[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out.fd[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err.fd[1], 2);
  if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, argv[0].c_str(), &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return Status::IOError(argv[0] + ": cannot be started: " + std::strerror(rc));
  in.Close(0);
  out.Close(1);
  err.Close(1);

  // Feed the input and drain both outputs at once: a child blocked on a full pipe while we
  // wait on another would never finish.
  size_t written = 0;
  if (input.empty()) in.Close(1);
  // Non-blocking: a write of all the input would otherwise wait for the child to read it
  // while the child waits for us to read its output.
  if (in.fd[1] >= 0) ::fcntl(in.fd[1], F_SETFL, ::fcntl(in.fd[1], F_GETFL) | O_NONBLOCK);
  ::signal(SIGPIPE, SIG_IGN);  // a child that exits without reading its input
  while (in.fd[1] >= 0 || out.fd[0] >= 0 || err.fd[0] >= 0) {
    pollfd fds[3];
    int n = 0;
    if (in.fd[1] >= 0) fds[n++] = {in.fd[1], POLLOUT, 0};
    if (out.fd[0] >= 0) fds[n++] = {out.fd[0], POLLIN, 0};
    if (err.fd[0] >= 0) fds[n++] = {err.fd[0], POLLIN, 0};
    if (::poll(fds, static_cast<nfds_t>(n), -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < n; ++i) {
      if (!fds[i].revents) continue;
      if (fds[i].fd == in.fd[1]) {
        ssize_t w = ::write(in.fd[1], input.data() + written, input.size() - written);
        if (w > 0) written += static_cast<size_t>(w);
        if (w < 0 && errno != EINTR && errno != EAGAIN) in.Close(1);
        if (written == input.size()) in.Close(1);
        continue;
      }
      bool is_out = fds[i].fd == out.fd[0];
      std::string& sink = is_out ? result->out : result->err;
      char buffer[65536];
      ssize_t r = ::read(fds[i].fd, buffer, sizeof buffer);
      if (r > 0) {
        size_t room = sink.size() < max_output ? max_output - sink.size() : 0;
        sink.append(buffer, std::min(room, static_cast<size_t>(r)));
      } else if (r == 0 || (errno != EINTR && errno != EAGAIN)) {
        (is_out ? out : err).Close(0);
      }
    }
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return Status::IOError(argv[0] + ": lost track of the process");
  }
  result->exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return Status::OK();
}

}  // namespace mlgate
