"""Jupyter's debugger protocol against a kernel, as JupyterLab's debugger
panel drives it: debug_request on the control channel, debug_reply back,
debug_event on IOPub. Modelled on ipykernel's own test_debugger.py.

Run with PETRIDISH_KERNEL naming the kernelspec."""

import os
import unittest

from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import start_new_kernel

TIMEOUT = 30

CODE = """func f(a, b int) int {
\tc := a + b
\treturn c
}

xs := []float64{1, 2, 3}
y := f(2, 3)
y * 10"""


def murmur2_x86(data, seed):
    """The cell-name hash of ipykernel.compiler, which JupyterLab also uses."""
    m = 0x5BD1E995
    data = data.encode("utf8")
    h = seed ^ len(data)
    end = len(data) & ~3
    for i in range(0, end, 4):
        k = int.from_bytes(data[i : i + 4], "little")
        k = (k * m) & 0xFFFFFFFF
        k ^= k >> 24
        k = (k * m) & 0xFFFFFFFF
        h = ((h * m) & 0xFFFFFFFF) ^ k
    tail = data[end:]
    if tail:
        k = int.from_bytes(tail, "little")
        h = ((h ^ k) * m) & 0xFFFFFFFF
    h ^= h >> 13
    h = (h * m) & 0xFFFFFFFF
    h ^= h >> 15
    return h


class DebuggerTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start_new_kernel(kernel_name=os.environ["PETRIDISH_KERNEL"])
        cls.seq = 0

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)

    def request(self, command, arguments=None):
        type(self).seq += 1
        msg = self.kc.session.msg(
            "debug_request",
            {"type": "request", "seq": self.seq, "command": command, "arguments": arguments or {}},
        )
        self.kc.control_channel.send(msg)
        while True:
            reply = self.kc.get_control_msg(timeout=TIMEOUT)
            if reply["parent_header"].get("msg_id") == msg["header"]["msg_id"]:
                break
        self.assertEqual(reply["msg_type"], "debug_reply")
        content = reply["content"]
        self.assertEqual(content["request_seq"], self.seq)
        self.assertEqual(content["command"], command)
        return content

    def ok(self, command, arguments=None):
        content = self.request(command, arguments)
        self.assertTrue(content["success"], f"{command}: {content.get('message')}")
        return content.get("body", {})

    def iopub_until(self, pred):
        while True:
            msg = self.kc.get_iopub_msg(timeout=TIMEOUT)
            if pred(msg):
                return msg

    def stopped(self):
        msg = self.iopub_until(lambda m: m["msg_type"] == "debug_event" and m["content"].get("event") == "stopped")
        return msg["content"]["body"]

    def test_debug_session(self):
        # JupyterLab offers its debugger for kernels whose spec says so.
        spec = KernelSpecManager().get_kernel_spec(os.environ["PETRIDISH_KERNEL"])
        self.assertTrue(spec.metadata.get("debugger"), "the installed kernelspec does not announce the debugger")
        info = self.kc.kernel_info(reply=True)["content"]
        self.assertTrue(info["debugger"], "kernel_info_reply does not announce the debugger")

        debug_info = self.ok("debugInfo")
        self.assertFalse(debug_info["isStarted"])
        self.assertEqual(debug_info["hashMethod"], "Murmur2")
        caps = self.ok(
            "initialize",
            {
                "clientID": "jupyterlab",
                "clientName": "JupyterLab",
                "adapterID": "petridish",
                "pathFormat": "path",
                "linesStartAt1": True,
                "columnsStartAt1": True,
                "supportsVariableType": True,
                "supportsVariablePaging": True,
                "supportsRunInTerminalRequest": True,
                "locale": "en",
            },
        )
        self.assertTrue(caps["supportsConfigurationDoneRequest"])
        self.ok("attach", {})
        debug_info = self.ok("debugInfo")
        self.assertTrue(debug_info["isStarted"])

        # The front end computes a cell's file name itself from debugInfo.
        source = self.ok("dumpCell", {"code": CODE})["sourcePath"]
        expected = debug_info["tmpFilePrefix"] + str(murmur2_x86(CODE, debug_info["hashSeed"])) + debug_info["tmpFileSuffix"]
        self.assertEqual(source, expected)
        bps = self.ok(
            "setBreakpoints",
            {"breakpoints": [{"line": 2}], "source": {"path": source}, "sourceModified": False},
        )["breakpoints"]
        self.assertEqual(len(bps), 1)
        self.assertTrue(bps[0]["verified"])
        self.assertEqual(bps[0]["source"]["path"], source)
        self.assertIn(source, [b["source"] for b in self.ok("debugInfo")["breakpoints"]])
        self.ok("configurationDone")

        msg_id = self.kc.execute(CODE)
        event = self.stopped()
        self.assertEqual(event["reason"], "breakpoint")
        thread = event["threadId"]

        frames = self.ok("stackTrace", {"threadId": thread})["stackFrames"]
        self.assertEqual(frames[0]["name"], "f")
        self.assertEqual(frames[0]["line"], 2)
        self.assertEqual(frames[0]["source"]["path"], source)
        self.assertEqual(frames[-1]["line"], 7)  # y := f(2, 3), in the cell

        scopes = self.ok("scopes", {"frameId": frames[0]["id"]})["scopes"]
        local_ref = next(s for s in scopes if s["name"] == "Locals")["variablesReference"]
        local_vars = {v["name"]: v for v in self.ok("variables", {"variablesReference": local_ref})["variables"]}
        self.assertEqual(local_vars["a"]["value"], "2")
        self.assertEqual(local_vars["b"]["type"], "int")
        global_ref = next(s for s in scopes if s["name"] == "Globals")["variablesReference"]
        global_vars = {v["name"]: v for v in self.ok("variables", {"variablesReference": global_ref})["variables"]}
        xs = global_vars["xs"]
        self.assertEqual(xs["value"], "[1 2 3]")
        elems = self.ok("variables", {"variablesReference": xs["variablesReference"]})["variables"]
        self.assertEqual([e["value"] for e in elems], ["1", "2", "3"])

        rich = self.ok("richInspectVariables", {"variableName": "a", "frameId": frames[0]["id"]})
        self.assertEqual(rich["data"]["text/plain"], "2")

        # The cell is busy while stopped; stepping goes on from the breakpoint.
        self.ok("next", {"threadId": thread})
        self.assertEqual(self.stopped()["reason"], "step")
        frames = self.ok("stackTrace", {"threadId": thread})["stackFrames"]
        self.assertEqual(frames[0]["line"], 3)
        self.ok("continue", {"threadId": thread})

        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["status"], "ok")
        result = self.iopub_until(
            lambda m: m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "execute_result"
        )
        self.assertEqual(result["content"]["data"]["text/plain"], "50")

        names = {v["name"]: v for v in self.ok("inspectVariables")["variables"]}
        self.assertEqual(names["y"]["value"], "5")
        rich = self.ok("richInspectVariables", {"variableName": "y"})
        self.assertEqual(rich["data"]["text/plain"], "5")
        self.assertEqual(self.ok("evaluate", {"expression": "y * 2", "context": "repl"})["result"], "10")

        self.ok("disconnect", {"restart": False, "terminateDebuggee": True})
        self.assertFalse(self.ok("debugInfo")["isStarted"])
        # Without the debugger the breakpoint no longer stops the cell.
        reply = self.kc.execute_interactive("f(1, 1)", timeout=TIMEOUT)
        self.assertEqual(reply["content"]["status"], "ok")


if __name__ == "__main__":
    unittest.main()
