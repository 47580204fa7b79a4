// A fake libcuda.so.1: the driver-API calls petridish makes, on host memory.
// Device pointers are malloc'd addresses; modules are the shared objects the
// fake NVRTC builds; a launch runs the kernel's emulated threads in order.
// It checks what the real driver checks and a little more: a context must be
// current on the calling thread (so a call off the Device's locked thread
// fails with CUDA_ERROR_INVALID_CONTEXT), copies must stay inside one
// allocation, and launches must respect the block and grid limits.
// FAKECUDA_DEVICES sets the device count (default 1).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <dlfcn.h>

typedef int CUresult;
typedef int CUdevice;
typedef unsigned long long CUdeviceptr;

namespace {

enum {
    CUDA_SUCCESS = 0,
    CUDA_ERROR_INVALID_VALUE = 1,
    CUDA_ERROR_OUT_OF_MEMORY = 2,
    CUDA_ERROR_NOT_INITIALIZED = 3,
    CUDA_ERROR_NO_DEVICE = 100,
    CUDA_ERROR_INVALID_DEVICE = 101,
    CUDA_ERROR_INVALID_CONTEXT = 201,
    CUDA_ERROR_INVALID_PTX = 218,
    CUDA_ERROR_INVALID_HANDLE = 400,
    CUDA_ERROR_NOT_FOUND = 500,
};

const size_t capacity = size_t(1) << 30;

bool initialized;
int ctxRefs;
char primaryCtx; // its address is the context handle
thread_local void* current;
std::map<CUdeviceptr, size_t> live;
size_t used;

typedef void (*Launcher)(const unsigned*, const unsigned*, void**);

struct Module {
    void* so;
    std::string entries;
};

int devices() {
    const char* e = getenv("FAKECUDA_DEVICES");
    return e ? atoi(e) : 1;
}

CUresult needContext() {
    if (!initialized) return CUDA_ERROR_NOT_INITIALIZED;
    if (current != &primaryCtx || ctxRefs == 0) return CUDA_ERROR_INVALID_CONTEXT;
    return CUDA_SUCCESS;
}

// inside reports whether [p, p+n) lies within one live allocation.
bool inside(CUdeviceptr p, size_t n) {
    auto it = live.upper_bound(p);
    if (it == live.begin()) return false;
    --it;
    return p >= it->first && p + n <= it->first + it->second;
}

} // namespace

#define NEED_CONTEXT() do { CUresult rc = needContext(); if (rc) return rc; } while (0)

extern "C" {

CUresult cuInit(unsigned flags) {
    if (flags != 0) return CUDA_ERROR_INVALID_VALUE;
    if (devices() == 0) return CUDA_ERROR_NO_DEVICE;
    initialized = true;
    return CUDA_SUCCESS;
}

CUresult cuDriverGetVersion(int* v) { *v = 13000; return CUDA_SUCCESS; }

CUresult cuDeviceGetCount(int* n) {
    if (!initialized) return CUDA_ERROR_NOT_INITIALIZED;
    *n = devices();
    return CUDA_SUCCESS;
}

CUresult cuDeviceGet(CUdevice* d, int ordinal) {
    if (!initialized) return CUDA_ERROR_NOT_INITIALIZED;
    if (ordinal < 0 || ordinal >= devices()) return CUDA_ERROR_INVALID_DEVICE;
    *d = ordinal;
    return CUDA_SUCCESS;
}

CUresult cuDeviceGetName(char* name, int len, CUdevice d) {
    snprintf(name, len, "Fake CUDA device %d (host emulation)", d);
    return CUDA_SUCCESS;
}

CUresult cuDeviceGetAttribute(int* v, int attr, CUdevice) {
    switch (attr) {
    case 16: *v = 2; return CUDA_SUCCESS;  // multiprocessors
    case 75: *v = 9; return CUDA_SUCCESS;  // compute capability major
    case 76: *v = 0; return CUDA_SUCCESS;  // minor
    }
    return CUDA_ERROR_INVALID_VALUE;
}

CUresult cuDeviceTotalMem_v2(size_t* bytes, CUdevice) { *bytes = capacity; return CUDA_SUCCESS; }

CUresult cuDevicePrimaryCtxRetain(void** ctx, CUdevice d) {
    if (!initialized) return CUDA_ERROR_NOT_INITIALIZED;
    if (d < 0 || d >= devices()) return CUDA_ERROR_INVALID_DEVICE;
    ++ctxRefs;
    *ctx = &primaryCtx;
    return CUDA_SUCCESS;
}

CUresult cuDevicePrimaryCtxRelease_v2(CUdevice) {
    if (ctxRefs == 0) return CUDA_ERROR_INVALID_CONTEXT;
    --ctxRefs;
    return CUDA_SUCCESS;
}

CUresult cuCtxSetCurrent(void* ctx) {
    if (ctx && ctx != &primaryCtx) return CUDA_ERROR_INVALID_CONTEXT;
    current = ctx;
    return CUDA_SUCCESS;
}

CUresult cuCtxSynchronize(void) { NEED_CONTEXT(); return CUDA_SUCCESS; }

CUresult cuMemAlloc_v2(CUdeviceptr* p, size_t n) {
    NEED_CONTEXT();
    if (n == 0) return CUDA_ERROR_INVALID_VALUE;
    if (n > capacity - used) return CUDA_ERROR_OUT_OF_MEMORY;
    void* m = malloc(n);
    if (!m) return CUDA_ERROR_OUT_OF_MEMORY;
    memset(m, 0xff, n); // NaN-filled, as device memory is never zeroed for you
    *p = (CUdeviceptr)m;
    live[*p] = n;
    used += n;
    return CUDA_SUCCESS;
}

CUresult cuMemFree_v2(CUdeviceptr p) {
    NEED_CONTEXT();
    auto it = live.find(p);
    if (it == live.end()) return CUDA_ERROR_INVALID_VALUE;
    used -= it->second;
    live.erase(it);
    free((void*)p);
    return CUDA_SUCCESS;
}

CUresult cuMemcpyHtoD_v2(CUdeviceptr dst, const void* src, size_t n) {
    NEED_CONTEXT();
    if (!inside(dst, n)) return CUDA_ERROR_INVALID_VALUE;
    memcpy((void*)dst, src, n);
    return CUDA_SUCCESS;
}

CUresult cuMemcpyDtoH_v2(void* dst, CUdeviceptr src, size_t n) {
    NEED_CONTEXT();
    if (!inside(src, n)) return CUDA_ERROR_INVALID_VALUE;
    memcpy(dst, (const void*)src, n);
    return CUDA_SUCCESS;
}

CUresult cuMemGetInfo_v2(size_t* free, size_t* total) {
    NEED_CONTEXT();
    *free = capacity - used;
    *total = capacity;
    return CUDA_SUCCESS;
}

CUresult cuModuleLoadData(void** mod, const void* image) {
    NEED_CONTEXT();
    std::string ptx = static_cast<const char*>(image);
    const std::string head = "// fakecuda PTX", so = "\n// so ";
    size_t at = ptx.find(so);
    if (ptx.rfind(head, 0) != 0 || at == std::string::npos) return CUDA_ERROR_INVALID_PTX;
    std::string path = ptx.substr(at + so.size(), ptx.find('\n', at + 1) - at - so.size());
    void* h = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!h) return CUDA_ERROR_INVALID_PTX;
    *mod = new Module{h, ptx};
    return CUDA_SUCCESS;
}

CUresult cuModuleUnload(void* mod) {
    NEED_CONTEXT();
    if (!mod) return CUDA_ERROR_INVALID_HANDLE;
    Module* m = static_cast<Module*>(mod);
    dlclose(m->so);
    delete m;
    return CUDA_SUCCESS;
}

CUresult cuModuleGetFunction(void** fn, void* mod, const char* name) {
    NEED_CONTEXT();
    Module* m = static_cast<Module*>(mod);
    if (!m) return CUDA_ERROR_INVALID_HANDLE;
    if (m->entries.find(".entry " + std::string(name) + "\n") == std::string::npos) return CUDA_ERROR_NOT_FOUND;
    void* f = dlsym(m->so, ("fakecuda_launch_" + std::string(name)).c_str());
    if (!f) return CUDA_ERROR_NOT_FOUND;
    *fn = f;
    return CUDA_SUCCESS;
}

CUresult cuLaunchKernel(void* fn, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by,
                        unsigned bz, unsigned sharedMem, void* stream, void** params, void** extra) {
    NEED_CONTEXT();
    if (!fn || extra || stream || sharedMem) return CUDA_ERROR_INVALID_VALUE;
    if (!gx || !gy || !gz || !bx || !by || !bz) return CUDA_ERROR_INVALID_VALUE;
    if ((unsigned long long)bx * by * bz > 1024 || bz > 64 || gy > 65535 || gz > 65535) return CUDA_ERROR_INVALID_VALUE;
    const unsigned g[3] = {gx, gy, gz}, b[3] = {bx, by, bz};
    ((Launcher)fn)(g, b, params);
    return CUDA_SUCCESS;
}

static const char* errorName(CUresult e) {
    switch (e) {
    case CUDA_SUCCESS: return "CUDA_SUCCESS";
    case CUDA_ERROR_INVALID_VALUE: return "CUDA_ERROR_INVALID_VALUE";
    case CUDA_ERROR_OUT_OF_MEMORY: return "CUDA_ERROR_OUT_OF_MEMORY";
    case CUDA_ERROR_NOT_INITIALIZED: return "CUDA_ERROR_NOT_INITIALIZED";
    case CUDA_ERROR_NO_DEVICE: return "CUDA_ERROR_NO_DEVICE";
    case CUDA_ERROR_INVALID_DEVICE: return "CUDA_ERROR_INVALID_DEVICE";
    case CUDA_ERROR_INVALID_CONTEXT: return "CUDA_ERROR_INVALID_CONTEXT";
    case CUDA_ERROR_INVALID_PTX: return "CUDA_ERROR_INVALID_PTX";
    case CUDA_ERROR_INVALID_HANDLE: return "CUDA_ERROR_INVALID_HANDLE";
    case CUDA_ERROR_NOT_FOUND: return "CUDA_ERROR_NOT_FOUND";
    }
    return nullptr;
}

CUresult cuGetErrorName(CUresult e, const char** s) {
    *s = errorName(e);
    return *s ? CUDA_SUCCESS : CUDA_ERROR_INVALID_VALUE;
}

CUresult cuGetErrorString(CUresult e, const char** s) {
    switch (e) {
    case CUDA_ERROR_OUT_OF_MEMORY: *s = "out of memory"; return CUDA_SUCCESS;
    case CUDA_ERROR_NO_DEVICE: *s = "no CUDA-capable device is detected"; return CUDA_SUCCESS;
    case CUDA_ERROR_INVALID_CONTEXT: *s = "invalid device context"; return CUDA_SUCCESS;
    }
    *s = errorName(e);
    return *s ? CUDA_SUCCESS : CUDA_ERROR_INVALID_VALUE;
}

} // extern "C"
