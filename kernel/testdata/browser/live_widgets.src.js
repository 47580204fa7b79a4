// A minimal live front end for kernel/browser_test.go: it starts a kernel
// through a Jupyter server's REST and websocket API (@jupyterlab/services,
// as JupyterLab does), runs a cell, and renders the widgets the cell
// makes with ipywidgets 8's own widget manager, connected to the kernel
// through comms, so that clicks and key presses in the page reach the
// kernel and the kernel's changes reach the page. Plain outputs
// (text/plain, with display updates) go into <pre> elements.
//
// kernel/browser_test.go bundles it with esbuild into one script, which
// live_widgets.js loads into Chromium.
import { KernelManager, ServerConnection } from '@jupyterlab/services';
import { HTMLManager } from '@jupyter-widgets/html-manager/lib/htmlmanager';
import { shims } from '@jupyter-widgets/base';

const VIEW = 'application/vnd.jupyter.widget-view+json';

class LiveManager extends HTMLManager {
  constructor(kernel) {
    super();
    this.kernel = kernel;
    kernel.registerCommTarget(this.comm_target_name, async (comm, msg) => {
      await this.handle_comm_open(new shims.services.Comm(comm), msg);
    });
  }

  async _create_comm(target, modelID, data, metadata, buffers) {
    const comm = this.kernel.createComm(target, modelID);
    if (data || metadata) comm.open(data, metadata, buffers);
    return new shims.services.Comm(comm);
  }

  async _get_comm_info() {
    const reply = await this.kernel.requestCommInfo({ target_name: this.comm_target_name });
    return reply.content.comms;
  }
}

// petridishReload is a page reload on the same kernel: a new widget
// manager fetches every model's state from the kernel (over the
// jupyter.widget.control comm, as JupyterLab does) and shows the slider
// again, in #reloaded. It returns how many models it fetched.
window.petridishReload = async function (root) {
  // A new connection to the running kernel, as a reloaded page makes.
  const kernel = window.petridishKernels.connectTo({ model: window.petridishKernel.model, handleComms: true });
  const manager = new LiveManager(kernel);
  await manager._loadFromKernel();
  const models = await Promise.all(Object.values(manager._models));
  const slider = models.find((m) => m.get('_model_name') === 'IntSliderModel');
  const el = document.createElement('div');
  el.id = 'reloaded';
  root.appendChild(el);
  await manager.display_view(manager.create_view(slider), el);
  return models.length;
};

window.petridishLive = async function (baseUrl, token, kernelName, code, root) {
  const serverSettings = ServerConnection.makeSettings({ baseUrl, token,
    wsUrl: baseUrl.replace(/^http/, 'ws') });
  const kernels = new KernelManager({ serverSettings });
  console.log('starting kernel ' + kernelName);
  const kernel = await kernels.startNew({ name: kernelName });
  console.log('kernel ' + kernel.id + ' started');
  window.petridishKernel = kernel;
  window.petridishKernels = kernels;
  const manager = new LiveManager(kernel);
  const byDisplayID = {};
  const show = async (content, update) => {
    const data = content.data || {};
    const id = (content.transient || {}).display_id;
    if (update) {
      if (id && byDisplayID[id]) byDisplayID[id].textContent = data['text/plain'] || '';
      return;
    }
    const el = document.createElement('div');
    el.className = 'output';
    root.appendChild(el);
    if (data[VIEW]) {
      const model = await manager.get_model(data[VIEW].model_id);
      await manager.display_view(manager.create_view(model), el);
      return;
    }
    const pre = document.createElement('pre');
    pre.textContent = data['text/plain'] || '';
    el.appendChild(pre);
    if (id) byDisplayID[id] = pre;
  };
  // Display updates from callbacks have the comm message as parent, so
  // listen to all of iopub, as a notebook does for update_display_data.
  kernel.iopubMessage.connect((_, msg) => {
    if (msg.header.msg_type === 'update_display_data') show(msg.content, true);
  });
  const future = kernel.requestExecute({ code });
  const pending = [];
  future.onIOPub = (msg) => {
    const t = msg.header.msg_type;
    if (t === 'display_data' || t === 'execute_result') pending.push(show(msg.content, false));
    if (t === 'error') root.appendChild(document.createTextNode('error: ' + msg.content.evalue));
  };
  const reply = await future.done;
  console.log('cell done: ' + reply.content.status);
  await Promise.all(pending);
  return reply.content.status;
};
