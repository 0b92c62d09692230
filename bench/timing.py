"""Timing shared by the benchmarks: server time per request, median and 95th percentile."""

import statistics
import time

from django.test import Client


def timed(client: Client, url: str, requests: int) -> tuple[float, float]:
    """Request `url` `requests` times (after one warm-up); return (median, p95) in ms."""
    client.get(url)
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]
