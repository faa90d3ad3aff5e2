"""The model behind HTTP, for the load test: POST /predict {"rows": [[30 numbers], ...]}."""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import joblib

MODEL = joblib.load(sys.argv[2] if len(sys.argv) > 2 else "models/classifier.joblib")


class Handler(BaseHTTPRequestHandler):
    def _reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self._reply(200 if self.path == "/health" else 404, {"ok": self.path == "/health"})

    def do_POST(self):
        if self.path != "/predict":
            self._reply(404, {"error": "no such route"})
            return
        try:
            rows = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))["rows"]
            scores = MODEL.predict_proba(rows)[:, 0]  # class 0 is malignant in this data set
        except (ValueError, KeyError, TypeError) as error:
            self._reply(400, {"error": str(error)})
            return
        self._reply(200, {"malignant_probability": [round(float(s), 4) for s in scores]})

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
