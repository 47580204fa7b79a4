package autodiff

// opKind identifies the op that produced a node; Grad dispatches on it.
type opKind uint8

const (
	opLeaf opKind = iota
	opDetach
	opAdd
	opSub
	opMul
	opDiv
	opWhere
	opGreaterEqual
	opNeg
	opScale
	opAddScalar
	opExp
	opLog
	opSqrt
	opPow
	opSigmoid
	opSigmoidGrad
	opTanh
	opTanhGrad
	opReLU
	opMaskPositive
	opSumTo
	opBroadcastTo
	opReshape
	opTranspose
	opConcat
	opSlice
	opPad
	opGather
	opScatterAdd
	opMatMul
	opLogSumExp
	opBCEWithLogits
	opEMA
	opEMASquare
	opAdamStep
	numOps
)

var opNames = [numOps]string{
	opLeaf:          "Leaf",
	opDetach:        "Detach",
	opAdd:           "Add",
	opSub:           "Sub",
	opMul:           "Mul",
	opDiv:           "Div",
	opWhere:         "Where",
	opGreaterEqual:  "GreaterEqual",
	opNeg:           "Neg",
	opScale:         "Scale",
	opAddScalar:     "AddScalar",
	opExp:           "Exp",
	opLog:           "Log",
	opSqrt:          "Sqrt",
	opPow:           "Pow",
	opSigmoid:       "Sigmoid",
	opSigmoidGrad:   "SigmoidGrad",
	opTanh:          "Tanh",
	opTanhGrad:      "TanhGrad",
	opReLU:          "ReLU",
	opMaskPositive:  "MaskPositive",
	opSumTo:         "SumTo",
	opBroadcastTo:   "BroadcastTo",
	opReshape:       "Reshape",
	opTranspose:     "Transpose",
	opConcat:        "Concat",
	opSlice:         "Slice",
	opPad:           "Pad",
	opGather:        "Gather",
	opScatterAdd:    "ScatterAdd",
	opMatMul:        "MatMul",
	opLogSumExp:     "LogSumExp",
	opBCEWithLogits: "BCEWithLogits",
	opEMA:           "EMA",
	opEMASquare:     "EMASquare",
	opAdamStep:      "AdamStep",
}
