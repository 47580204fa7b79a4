// Package kernelbench measures Jupyter kernels the way a front-end sees
// them, for `petridish bench kernel`: start-up time to the first
// kernel_info_reply, the execute round trip (request sent until the
// execute_reply and the idle status have arrived) from jupyter_client's
// BlockingKernelClient, and the kernel's resident memory when idle.
//
// It runs an embedded Python driver with jupyter_client against kernelspecs
// it writes into a temporary JUPYTER_PATH: the petridish binary and, for
// comparison in the same run, Debian's ipykernel.
package kernelbench
