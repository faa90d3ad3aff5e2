"""The load test the release is judged on: single-row and batch scoring, and health checks."""
import random

from locust import HttpUser, between, task

ROW = [17.99, 10.38, 122.8, 1001.0, 0.1184, 0.2776, 0.3001, 0.1471, 0.2419, 0.07871,
       1.095, 0.9053, 8.589, 153.4, 0.006399, 0.04904, 0.05373, 0.01587, 0.03003, 0.006193,
       25.38, 17.33, 184.6, 2019.0, 0.1622, 0.6656, 0.7119, 0.2654, 0.4601, 0.1189]


class Clinician(HttpUser):
    wait_time = between(0.05, 0.2)

    @task(6)
    def score_one(self):
        self.client.post("/predict", json={"rows": [ROW]})

    @task(2)
    def score_batch(self):
        rows = [[v * random.uniform(0.9, 1.1) for v in ROW] for _ in range(32)]
        self.client.post("/predict", json={"rows": rows}, name="/predict [batch of 32]")

    @task(1)
    def health(self):
        self.client.get("/health")
