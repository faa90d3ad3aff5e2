"""Load on `mlgate serve` (bench/serve.sh): the dashboard's index, one run's HTML report and
the runs API, as release managers and scripts would open them. FastHttpUser: Locust's
requests-based HttpUser was the bottleneck here (83 req/s with p95 250 ms against a server
that answers in 1 ms)."""
from locust import FastHttpUser, between, task


class ReleaseManager(FastHttpUser):
    wait_time = between(0, 0.05)

    @task(3)
    def index(self):
        self.client.get("/", name="index")

    @task(2)
    def report(self):
        self.client.get("/runs/run-01/report.html", name="report page")

    @task(1)
    def api(self):
        self.client.get("/api/runs", name="api/runs")
