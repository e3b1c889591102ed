# Load test for our own staging site before a release (run by CI against staging only).
import threading, time, requests
URL = "https://staging.example.org/health"
def worker(n):
    for _ in range(n):
        requests.get(URL, timeout=5)
        time.sleep(0.05)
threads = [threading.Thread(target=worker, args=(200,)) for _ in range(8)]
for t in threads: t.start()
for t in threads: t.join()
print("done: no errors means the site held 8 concurrent clients")
