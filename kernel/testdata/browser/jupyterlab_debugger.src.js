// JupyterLab's own debugger front end (@jupyterlab/debugger: the service,
// the session and the model behind its debugger panel) on a petridish
// kernel, for kernel/browser_test.go. The page starts a notebook session
// through a Jupyter server (@jupyterlab/services), turns the debugger on
// as the notebook toolbar's bug button does, sets a breakpoint as a click
// in a cell's gutter does, runs the cell, and then steps, continues,
// evaluates and expands variables as a user of the panel would. It reports
// what the panel's models held after each step; the Go test makes the
// assertions.
//
// kernel/browser_test.go bundles it with esbuild into one script, which
// jupyterlab_debugger.js loads into Chromium.
import { KernelManager, KernelSpecManager, ServerConnection, SessionManager } from '@jupyterlab/services';
import { Debugger } from '@jupyterlab/debugger';

// next resolves with the next emission of signal for which ok(value) holds,
// or rejects after ms milliseconds naming what.
function next(signal, ok, what, ms = 30000) {
  return new Promise((resolve, reject) => {
    const slot = (_, value) => {
      if (!ok(value)) return;
      clearTimeout(timer);
      signal.disconnect(slot);
      resolve(value);
    };
    const timer = setTimeout(() => {
      signal.disconnect(slot);
      reject(new Error('timed out waiting for ' + what));
    }, ms);
    signal.connect(slot);
  });
}

// frames is what the call stack panel lists.
const frames = (model) => model.callstack.frames.map((f) => ({ name: f.name, line: f.line, path: (f.source || {}).path || '' }));

// scopes is what the variables panel shows: scope name to variable name
// to [type, value, expandable].
function scopes(model) {
  const out = {};
  for (const s of model.variables.scopes) {
    out[s.name] = {};
    for (const v of s.variables) out[s.name][v.name] = [v.type || '', v.value, v.variablesReference > 0];
  }
  return out;
}

// stopped runs start and waits until the kernel has stopped and the panel shows the frames
// and the variables of the top frame, as JupyterLab fetches them on a
// stopped event, and returns what it shows.
async function stopped(service, what, start) {
  const model = service.model;
  const shown = next(model.variables.changed, () => model.variables.scopes.length > 0, 'the variables of ' + what);
  await start();
  try {
    await shown;
  } catch (e) {
    throw new Error(e.message + '; the exchange:\n' + window.petridishExchange.join('\n'));
  }
  return { frames: frames(model), scopes: scopes(model), threads: [...model.stoppedThreads] };
}

window.petridishDebug = async function (baseUrl, token, kernelName, cells) {
  const serverSettings = ServerConnection.makeSettings({ baseUrl, token, wsUrl: baseUrl.replace(/^http/, 'ws') });
  const kernelManager = new KernelManager({ serverSettings });
  const sessions = new SessionManager({ kernelManager, serverSettings });
  const specs = new KernelSpecManager({ serverSettings });
  const connection = await sessions.startNew({ path: 'debug.ipynb', name: 'debug.ipynb', type: 'notebook', kernel: { name: kernelName } });
  window.petridishSession = connection;
  await connection.kernel.info;
  const report = {};
  const run = async (code) => {
    const out = [];
    const future = connection.kernel.requestExecute({ code });
    future.onIOPub = (msg) => {
      if (msg.header.msg_type === 'stream') out.push(msg.content.text);
      if (msg.header.msg_type === 'error') out.push(msg.content.ename + ': ' + msg.content.evalue);
    };
    const reply = await future.done;
    return { status: reply.content.status, output: out.join('') };
  };

  // The notebook opens: JupyterLab's DebuggerHandler asks whether the
  // kernel can debug (kernel_info and the kernelspec's metadata), makes a
  // session and restores its state.
  const service = new Debugger.Service({ config: new Debugger.Config(), specsManager: specs });
  report.available = await service.isAvailable(connection);
  service.session = new Debugger.Session({ connection, config: service.config });
  // The exchange, for the error when a step times out.
  const exchange = [];
  const t0 = performance.now();
  const stamp = () => Math.round(performance.now() - t0) + 'ms ';
  service.session.eventMessage.connect((_, e) => exchange.push(stamp() + 'event ' + e.event + ' ' + JSON.stringify(e.body)));
  const send = service.session.sendRequest.bind(service.session);
  service.session.sendRequest = async (command, args) => {
    exchange.push(stamp() + 'request ' + command + ' ' + JSON.stringify(args));
    const reply = await send(command, args);
    exchange.push(stamp() + 'reply ' + command + ' ' + reply.success + ' ' + (reply.message || '') + ' ' + String(JSON.stringify(reply.body)).slice(0, 300));
    return reply;
  };
  window.petridishExchange = exchange;
  await service.restoreState(false);
  report.startedBeforeToggle = service.isStarted;

  // The bug button: restoreState(true) starts the debugger, then the panel
  // lists the kernel's variables and modules.
  await service.restoreState(true);
  report.started = service.isStarted;
  report.capabilities = service.session.capabilities;
  report.define = await run(cells.define);
  await service.displayDefinedVariables();
  report.globals = scopes(service.model);
  await service.displayModules();

  // A click in the gutter of the loop cell's line 3.
  await service.updateBreakpoints(cells.loop, [{ line: cells.line }]);
  const path = service.getCodeId(cells.loop);
  report.cellPath = path;
  report.breakpoints = (service.model.breakpoints.getBreakpoints(path) || []).map((b) => [b.line, b.verified]);
  report.source = (await service.getSource({ path })).content;

  // Shift-Enter on the cell: it stops at the breakpoint.
  let loop;
  report.stops = [];
  report.stops.push(await stopped(service, 'the breakpoint', async () => { loop = run(cells.loop); }));
  // The panel's Continue: the loop's next round stops there again.
  report.stops.push(await stopped(service, 'the second round', () => service.continue()));
  // Next (step over): the panel shows the line after.
  report.stops.push(await stopped(service, 'a step', () => service.next()));
  // The evaluate dialog, in the top frame.
  const ev = await service.evaluate(cells.evaluate);
  report.evaluate = ev && ev.result;
  // Remove the breakpoint and continue: the cell finishes.
  await service.updateBreakpoints(cells.loop, []);
  report.breakpointsAfterClear = (service.model.breakpoints.getBreakpoints(path) || []).length;
  await service.continue();
  report.loop = await loop;

  // Between cells the panel lists the globals; expanding the struct
  // fetches its fields, and the rich view renders it.
  await service.displayDefinedVariables();
  report.globalsAfter = scopes(service.model);
  const p = service.model.variables.scopes[0].variables.find((v) => v.name === cells.struct);
  report.fields = p ? (await service.inspectVariable(p.variablesReference)).map((v) => [v.name, v.type, v.value]) : null;
  report.rich = await service.inspectRichVariable(cells.struct);

  // The bug button again: the debugger stops, and a cell with the old
  // breakpoint's line runs through.
  await service.stop();
  report.startedAfterStop = service.isStarted;
  const events = [];
  service.session.connection.iopubMessage.connect((_, msg) => {
    if (msg.header.msg_type === 'debug_event') events.push(msg.content.event);
  });
  report.rerun = await run(cells.loop);
  report.eventsAfterStop = events;
  await connection.shutdown();
  return report;
};
