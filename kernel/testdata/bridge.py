"""Drive a Jupyter kernel with jupyter_client for petridish's Go tests.

Reads one JSON command per line on stdin and answers each with one JSON
line on stdout. The Go test (kernel/integration_test.go) makes the
assertions; this script only moves messages.

Commands ({"op": ...}):
  start       {"kernel_name"}             start the kernel, wait for kernel_info
  execute     {"code", "allow_stdin", "inputs", "interrupt_after",
               "sigint_after", "timeout", "silent", "store_history",
               "stop_on_error", "user_expressions"}
                                          run a cell; return the reply, the iopub
                                          messages of the cell and input_requests
  request     {"type", "args"}            complete / inspect / is_complete /
                                          history / kernel_info / comm_info: reply
  comm        {"type", "content", "interrupt_after"}
                                          send a comm_open / comm_msg / comm_close on
                                          shell; return its iopub messages through idle
  bad_signature {"code"}                  send an execute_request signed with a
                                          wrong key; report replies and outputs
  restart                                 restart the kernel, wait until ready
  crash       {"code", "timeout"}         run code that ends the kernel's process, wait
                                          for its death, restart it as Jupyter's
                                          restarter does (same connection file)
  shutdown                                shut the kernel down; report exit code
  pid                                     the kernel's process id
"""
import json
import os
import signal
import sys
import time
import traceback

from jupyter_client.manager import KernelManager
from jupyter_client.session import Session

km = None
kc = None


def send(obj):
    sys.stdout.write(json.dumps(obj, default=str) + "\n")
    sys.stdout.flush()


def msg_summary(m):
    return {"msg_type": m["header"]["msg_type"], "content": m["content"],
            "parent_id": m["parent_header"].get("msg_id"), "metadata": m.get("metadata", {}),
            "buffers": [bytes(b).hex() for b in m.get("buffers") or []]}


def start(cmd):
    global km, kc
    t0 = time.monotonic()
    km = KernelManager(kernel_name=cmd["kernel_name"])
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=cmd.get("timeout", 60))
    return {"startup_s": time.monotonic() - t0, "pid": km.provisioner.process.pid}


def execute(cmd):
    content = {k: cmd[k] for k in ("silent", "store_history", "stop_on_error", "user_expressions") if k in cmd}
    msg_id = kc.execute(cmd["code"], allow_stdin=cmd.get("allow_stdin", False), **content)
    inputs = list(cmd.get("inputs", []))
    deadline = time.monotonic() + cmd.get("timeout", 60)
    started = time.monotonic()
    interrupt_after = cmd.get("interrupt_after")
    sigint_after = cmd.get("sigint_after")
    reply, idle, outputs, input_requests = None, False, [], []
    while reply is None or not idle:
        now = time.monotonic()
        if now > deadline:
            return {"timeout": True, "reply": reply, "outputs": outputs, "input_requests": input_requests}
        if interrupt_after is not None and now - started >= interrupt_after:
            km.interrupt_kernel()
            interrupt_after = None
        if sigint_after is not None and now - started >= sigint_after:
            os.kill(km.provisioner.process.pid, signal.SIGINT)
            sigint_after = None
        for _ in range(50):
            try:
                m = kc.get_iopub_msg(timeout=0)
            except Exception:
                break
            if m["parent_header"].get("msg_id") != msg_id:
                continue
            outputs.append(msg_summary(m))
            if m["header"]["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                idle = True
        try:
            m = kc.get_stdin_msg(timeout=0)
            input_requests.append(msg_summary(m))
            kc.input(inputs.pop(0) if inputs else "")
        except Exception:
            pass
        try:
            m = kc.get_shell_msg(timeout=0.01)
            if m["parent_header"].get("msg_id") == msg_id:
                reply = msg_summary(m)
        except Exception:
            pass
    return {"reply": reply, "outputs": outputs, "input_requests": input_requests}


def request(cmd):
    method = getattr(kc, cmd["type"])
    msg_id = method(**(cmd.get("args") or {}))
    deadline = time.monotonic() + cmd.get("timeout", 30)
    while time.monotonic() < deadline:
        m = kc.get_shell_msg(timeout=deadline - time.monotonic())
        if m["parent_header"].get("msg_id") == msg_id:
            return {"reply": msg_summary(m)}
    return {"timeout": True}


def comm(cmd):
    msg = kc.session.msg(cmd["type"], cmd["content"])
    kc.shell_channel.send(msg)
    msg_id = msg["header"]["msg_id"]
    started = time.monotonic()
    deadline = started + cmd.get("timeout", 30)
    interrupt_after = cmd.get("interrupt_after")
    outputs = []
    while time.monotonic() < deadline:
        if interrupt_after is not None and time.monotonic() - started >= interrupt_after:
            km.interrupt_kernel()
            interrupt_after = None
        try:
            m = kc.get_iopub_msg(timeout=0.05)
        except Exception:
            continue
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        outputs.append(msg_summary(m))
        if m["header"]["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            return {"outputs": outputs}
    return {"timeout": True, "outputs": outputs}


def bad_signature(cmd):
    import zmq
    wrong = Session(key=b"not-the-key", username="intruder")
    ctx = zmq.Context.instance()
    sock = ctx.socket(zmq.DEALER)
    sock.linger = 0
    sock.connect("%s://%s:%d" % (km.transport, km.ip, km.shell_port))
    time.sleep(0.2)
    msg = wrong.send(sock, "execute_request", {"code": cmd["code"], "silent": False, "store_history": True,
                                                "user_expressions": {}, "allow_stdin": False})
    msg_id = msg["header"]["msg_id"]
    replies, outputs = [], []
    deadline = time.monotonic() + cmd.get("wait", 1.5)
    while time.monotonic() < deadline:
        if sock.poll(50):
            replies.append(sock.recv_multipart())
        try:
            m = kc.get_iopub_msg(timeout=0.05)
            if m["parent_header"].get("msg_id") == msg_id:
                outputs.append(msg_summary(m))
        except Exception:
            pass
    sock.close()
    return {"replies": len(replies), "outputs": outputs}


def restart(cmd):
    km.restart_kernel(now=False)
    kc.wait_for_ready(timeout=cmd.get("timeout", 60))
    return {"pid": km.provisioner.process.pid}


def crash(cmd):
    old_pid = km.provisioner.process.pid
    kc.execute(cmd["code"])
    deadline = time.monotonic() + cmd.get("timeout", 60)
    while km.is_alive():
        if time.monotonic() > deadline:
            raise TimeoutError("the kernel's process did not die")
        time.sleep(0.1)
    km.restart_kernel(now=True)
    kc.wait_for_ready(timeout=cmd.get("timeout", 60))
    return {"old_pid": old_pid, "pid": km.provisioner.process.pid}


def shutdown(cmd):
    proc = km.provisioner.process
    t0 = time.monotonic()
    km.shutdown_kernel(now=False)
    kc.stop_channels()
    return {"returncode": proc.returncode if proc.poll() is not None else None, "seconds": time.monotonic() - t0}


OPS = {"start": start, "execute": execute, "request": request, "comm": comm, "bad_signature": bad_signature,
       "restart": restart, "crash": crash, "shutdown": shutdown,
       "pid": lambda cmd: {"pid": km.provisioner.process.pid}}


def main():
    for line in sys.stdin:
        cmd = json.loads(line)
        try:
            send(OPS[cmd["op"]](cmd))
        except Exception as e:
            send({"exception": "%s: %s" % (type(e).__name__, e), "traceback": traceback.format_exc()})
    if km is not None and km.has_kernel:
        km.shutdown_kernel(now=True)
    sys.stdout.flush()
    os._exit(0)  # skip jupyter_client's noisy finalizers at interpreter exit


if __name__ == "__main__":
    main()
