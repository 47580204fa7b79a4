package interp

// petridish: this file is not yaegi's.

import "reflect"

var (
	floatFunc1Type = reflect.TypeOf((func(float64) float64)(nil))
	floatFunc2Type = reflect.TypeOf((func(float64, float64) float64)(nil))
)

// floatCallExec returns an exec for a call of a compiled function of type
// func(float64) float64 or func(float64, float64) float64 (math.Exp,
// math.Tanh, math.Pow, math.Max, ...) that calls it as Go code calls it
// and stores its result in dest, where yaegi called every compiled
// function through reflect.Value.Call (three allocations and several
// hundred nanoseconds a call, in the inner loops of a notebook's
// numerics). It returns nil for functions of other types; the exec falls
// back to generic, the exec the call had, for any value it cannot take
// as it is (a named float type, a destination holding an interface).
func floatCallExec(ft reflect.Type, fn func(*frame) reflect.Value, args []func(*frame) reflect.Value, dest func(*frame) reflect.Value, next, generic bltn) bltn {
	switch {
	case ft == floatFunc1Type && len(args) == 1:
		arg := args[0]
		return func(f *frame) bltn {
			v, a, d := fn(f), arg(f), dest(f)
			if call, ok := floatFunc(v).(func(float64) float64); ok && a.Kind() == reflect.Float64 && d.Kind() == reflect.Float64 && d.CanSet() {
				d.SetFloat(call(a.Float()))
				return next
			}
			return generic(f)
		}
	case ft == floatFunc2Type && len(args) == 2:
		arg0, arg1 := args[0], args[1]
		return func(f *frame) bltn {
			v, a, b, d := fn(f), arg0(f), arg1(f), dest(f)
			if call, ok := floatFunc(v).(func(float64, float64) float64); ok && a.Kind() == reflect.Float64 && b.Kind() == reflect.Float64 && d.Kind() == reflect.Float64 && d.CanSet() {
				d.SetFloat(call(a.Float(), b.Float()))
				return next
			}
			return generic(f)
		}
	}
	return nil
}

// floatFunc returns the func that v holds, or nil.
func floatFunc(v reflect.Value) any {
	if v.Kind() != reflect.Func || !v.CanInterface() {
		return nil
	}
	return v.Interface()
}

// isNumberKind tells the integer and floating-point kinds.
func isNumberKind(k reflect.Kind) bool {
	return k >= reflect.Int && k <= reflect.Float64
}

// setConvertedNumber stores in d the conversion of the number v to d's
// kind, as v.Convert(d.Type()) would compute it, and says whether it
// could: d and v must be of number kinds and d settable. Convert made a
// new value, one allocation, for each float64(i) of a loop.
func setConvertedNumber(d, v reflect.Value) bool {
	dk, vk := d.Kind(), v.Kind()
	if !isNumberKind(dk) || !isNumberKind(vk) || !d.CanSet() {
		return false
	}
	switch {
	case dk == reflect.Float32 || dk == reflect.Float64:
		switch {
		case vk <= reflect.Int64:
			d.SetFloat(float64(v.Int()))
		case vk <= reflect.Uintptr:
			d.SetFloat(float64(v.Uint()))
		default:
			d.SetFloat(v.Float())
		}
	case dk <= reflect.Int64:
		switch {
		case vk <= reflect.Int64:
			d.SetInt(v.Int())
		case vk <= reflect.Uintptr:
			d.SetInt(int64(v.Uint()))
		default:
			d.SetInt(int64(v.Float()))
		}
	default:
		switch {
		case vk <= reflect.Int64:
			d.SetUint(uint64(v.Int()))
		case vk <= reflect.Uintptr:
			d.SetUint(v.Uint())
		default:
			d.SetUint(uint64(v.Float()))
		}
	}
	return true
}
