// Package nn provides layers, losses and optimizers on top of package
// autodiff: Linear and MLP (optionally a batch of independent networks
// with per-layer activations), BCE / cross-entropy / MSE losses, and Adam
// and SGD in two forms.
//
// Parameters live outside any tape as []Param, so they survive
// Tape.Reset; Load records them on a tape for one step.
//
// The stateful optimizers (Adam, SGD) update Param data in place, for
// ordinary training:
//
//	ps := nn.Load(tp, params)
//	loss := nn.BCEWithLogitsLoss(mlp.Forward(x, ps), y)
//	g, _ := autodiff.Grad(loss, ps, false)
//	opt.Step(params, nn.TensorData(g))
//
// The differentiable forms (AdamConfig.Start/Update, SGDConfig.Update)
// return new parameter tensors recorded on the tape, so an unrolled
// training loop is differentiable end to end — the Synthetic Petri Dish's
// inner loop, whose final validation loss is differentiated with respect
// to the synthetic training data:
//
//	st := cfg.Start(st, nn.Load(tp, theta))
//	for i := 0; i < 250; i++ {
//		inner := nn.BatchLoss(mlp.Forward(xTrain, st.Params).BCEWithLogits(y))
//		tp.GradTo(grads, inner, st.Params, true) // createGraph
//		cfg.Update(st, grads)
//	}
//	outer := ... mlp.Forward(xValid, st.Params) ...
//	autodiff.Grad(outer, []autodiff.Tensor{xTrain, xValid}, false)
//
// Batched networks: an MLP with Batch M has weights [M, in, out] and
// biases [M, 1, out]; inputs may be shared [N, in] or per-network
// [M, N, in]. PerNetwork and BatchLoss turn elementwise losses into
// per-network losses; SigmoidSlopes gives each network its own sigmoid
// slope.
package nn
