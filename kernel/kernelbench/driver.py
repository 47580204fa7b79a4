"""Measure a Jupyter kernel for `petridish bench kernel`.

Usage: python3 driver.py KERNEL_NAME N WARMUP CODE [WIDGET_CODE]

Prints one JSON object: startup_s (launch until the first kernel_info_reply,
the median of three launches after an untimed one that loads jupyter_client's
own machinery),
round_trips_s (N execute round trips of CODE: request sent until both the
execute_reply and the idle status have arrived), rss_kb (the kernel's
resident set after the loop and a second of idleness), rss_start_kb
(right after start-up) and, with WIDGET_CODE (a cell whose value is a
FloatSlider from 0 to 1e9 with a callback on its value), widget_s: N/5
(at least 20) widget round trips, each a comm_msg moving the slider as a
browser does, until the kernel is idle again (the callback has run). The
widget protocol (1 or 2) is the one the kernel's comm_open speaks.
"""
import json
import sys
import time

import zmq
from jupyter_client.manager import KernelManager


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return None


def launch_kernel(name):
    """Start a kernel and return it with the time until its first
    kernel_info_reply. The probe is what a front end opens: a SUB socket on
    IOPub (a kernel may hold its first request until a client listens
    there, so that the request's status is not lost) and a DEALER on
    shell, both retrying their connections every 2 ms, so the figure is
    not rounded up to libzmq's default 100 ms reconnect interval."""
    km = KernelManager(kernel_name=name)
    t0 = time.perf_counter()
    km.start_kernel()
    ctx = zmq.Context.instance()
    iopub = ctx.socket(zmq.SUB)
    iopub.setsockopt(zmq.RECONNECT_IVL, 2)
    iopub.setsockopt(zmq.SUBSCRIBE, b"")
    iopub.linger = 0
    iopub.connect("%s://%s:%d" % (km.transport, km.ip, km.iopub_port))
    probe = ctx.socket(zmq.DEALER)
    probe.setsockopt(zmq.RECONNECT_IVL, 2)
    probe.linger = 0
    probe.connect("%s://%s:%d" % (km.transport, km.ip, km.shell_port))
    km.session.send(probe, "kernel_info_request", {})
    if not probe.poll(60000):
        raise SystemExit("no kernel_info_reply within 60 s")
    probe.recv_multipart()
    startup = time.perf_counter() - t0
    probe.close()
    iopub.close()
    return km, startup


def main():
    name, n, warmup, code = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    startups = []
    for launch in range(4):
        km, startup = launch_kernel(name)
        if launch > 0:
            startups.append(startup)
        if launch < 3:
            km.shutdown_kernel(now=False)
    startups.sort()
    startup = startups[1]
    pid = km.provisioner.process.pid
    rss_start = rss_kb(pid)

    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)

    def round_trip():
        start = time.perf_counter()
        msg_id = kc.execute(code)
        reply = idle = False
        while not (reply and idle):
            if not reply:
                m = kc.get_shell_msg(timeout=30)
                if m["parent_header"].get("msg_id") == msg_id:
                    if m["content"]["status"] != "ok":
                        raise SystemExit("cell failed: %r" % (m["content"],))
                    reply = True
                continue
            m = kc.get_iopub_msg(timeout=30)
            if (m["parent_header"].get("msg_id") == msg_id and m["header"]["msg_type"] == "status"
                    and m["content"]["execution_state"] == "idle"):
                idle = True
        return time.perf_counter() - start

    for _ in range(warmup):
        round_trip()
    samples = [round_trip() for _ in range(n)]
    widget = widget_round_trips(kc, sys.argv[5], max(n // 5, 20)) if len(sys.argv) > 5 and sys.argv[5] else []
    time.sleep(1)
    rss = rss_kb(pid)
    kc.stop_channels()
    km.shutdown_kernel(now=False)
    json.dump({"startup_s": startup, "round_trips_s": samples, "rss_kb": rss, "rss_start_kb": rss_start,
               "widget_s": widget}, sys.stdout)


def wait_idle(kc, msg_id, seen=None):
    """Read iopub until the idle status of msg_id, passing every message
    of msg_id to seen."""
    while True:
        m = kc.get_iopub_msg(timeout=30)
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        if seen:
            seen(m)
        if m["header"]["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            return


def widget_round_trips(kc, code, n):
    """Make the slider, then time n updates of its value. Returns [] when
    the kernel cannot make it (no widget library)."""
    slider = {}

    def seen(m):
        if m["header"]["msg_type"] == "comm_open":
            data = m["content"]["data"]
            state = data.get("state", data)
            if state.get("_model_name") == "FloatSliderModel":
                slider["id"], slider["v2"] = m["content"]["comm_id"], "state" in data

    wait_idle(kc, kc.execute(code), seen)
    if "id" not in slider:
        return []
    samples = []
    for i in range(n + 5):
        value = float(i + 1)
        if slider["v2"]:
            data = {"method": "update", "state": {"value": value}, "buffer_paths": []}
        else:
            data = {"method": "backbone", "sync_data": {"value": value}}
        msg = kc.session.msg("comm_msg", {"comm_id": slider["id"], "data": data})
        start = time.perf_counter()
        kc.shell_channel.send(msg)
        wait_idle(kc, msg["header"]["msg_id"])
        if i >= 5:  # the first few warm up
            samples.append(time.perf_counter() - start)
    return samples


if __name__ == "__main__":
    main()
