// A fake libnvrtc.so.13. "Compiling" a program runs the host C++ compiler
// on the CUDA source with shim.h, producing a shared object that exports
// fakecuda_launch_<kernel> for each extern "C" __global__ kernel. The "PTX"
// is a text naming that object and the kernels; the fake libcuda loads it.
// Each "extern __shared__ T name[];" (dynamic shared memory) is rewritten
// into "T* const name = <the launch's buffer>;" first (see shim.h).
// FAKECUDA_DIR is where shim.h is and objects go; FAKECUDA_CXX the compiler.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>
#include <unistd.h>

namespace {

enum {
    NVRTC_SUCCESS = 0,
    NVRTC_ERROR_INVALID_INPUT = 3,
    NVRTC_ERROR_INVALID_PROGRAM = 4,
    NVRTC_ERROR_INVALID_OPTION = 5,
    NVRTC_ERROR_COMPILATION = 6,
};

struct Program {
    std::string src, name, log, ptx;
};

int counter;

std::vector<std::string> kernelNames(const std::string& src) {
    std::vector<std::string> names;
    const std::string marker = "__global__ void";
    for (size_t at = src.find(marker); at != std::string::npos; at = src.find(marker, at + 1)) {
        size_t i = at + marker.size();
        while (i < src.size() && src[i] == ' ') ++i;
        size_t j = i;
        while (j < src.size() && (isalnum((unsigned char)src[j]) || src[j] == '_')) ++j;
        if (j > i) names.push_back(src.substr(i, j - i));
    }
    return names;
}

std::string trim(const std::string& s) {
    size_t i = s.find_first_not_of(" \t\r\n"), j = s.find_last_not_of(" \t\r\n");
    return i == std::string::npos ? "" : s.substr(i, j - i + 1);
}

// dynamicShared rewrites the extern __shared__ declarations of src, or
// returns false with a message in log.
bool dynamicShared(std::string& src, std::string& log) {
    const std::string marker = "extern __shared__";
    for (size_t at = src.find(marker); at != std::string::npos; at = src.find(marker, at + 1)) {
        size_t bol = src.rfind('\n', at);
        bol = bol == std::string::npos ? 0 : bol + 1;
        if (src.find("//", bol) < at) continue; // in a line comment
        size_t semi = src.find(';', at);
        if (semi == std::string::npos) {
            log = "fakecuda: extern __shared__ declaration without ';'\n";
            return false;
        }
        std::string decl = src.substr(at + marker.size(), semi - at - marker.size());
        std::string lines;
        for (char c : decl) {
            if (c == '\n') lines += '\n';
        }
        decl = trim(decl);
        std::string align;
        if (decl.rfind("__align__(", 0) == 0 && decl.find(')') != std::string::npos) {
            align = decl.substr(0, decl.find(')') + 1) + " ";
            decl = trim(decl.substr(decl.find(')') + 1));
        }
        size_t j = decl.size() >= 2 && decl.compare(decl.size() - 2, 2, "[]") == 0 ? decl.size() - 2 : 0;
        while (j > 0 && decl[j - 1] == ' ') --j;
        size_t i = j;
        while (i > 0 && (isalnum((unsigned char)decl[i - 1]) || decl[i - 1] == '_')) --i;
        std::string type = trim(decl.substr(0, i)), name = decl.substr(i, j - i);
        if (j == 0 || name.empty() || type.empty()) {
            log = "fakecuda: cannot emulate \"extern __shared__" + decl + "\"; write extern __shared__ T name[];\n";
            return false;
        }
        std::string repl = align + type + "* const " + name + " = reinterpret_cast<" + type +
                           "*>(fakecuda_dynamic_shared)" + lines;
        src.replace(at, semi - at, repl);
    }
    return true;
}

std::string readFile(const std::string& path) {
    std::ifstream f(path);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

} // namespace

extern "C" {

int nvrtcVersion(int* major, int* minor) {
    *major = 13;
    *minor = 0;
    return NVRTC_SUCCESS;
}

int nvrtcCreateProgram(void** prog, const char* src, const char* name, int numHeaders,
                       const char* const*, const char* const*) {
    if (!prog || !src || numHeaders != 0) return NVRTC_ERROR_INVALID_INPUT;
    *prog = new Program{src, name ? name : "default_program", "", ""};
    return NVRTC_SUCCESS;
}

int nvrtcCompileProgram(void* handle, int numOptions, const char* const* options) {
    Program* p = static_cast<Program*>(handle);
    if (!p) return NVRTC_ERROR_INVALID_PROGRAM;
    std::string arch;
    for (int i = 0; i < numOptions; ++i) {
        std::string o = options[i];
        if (o.rfind("--gpu-architecture=compute_", 0) == 0) {
            arch = o;
        } else {
            p->log = "nvrtc: error: unrecognized option " + o + "\n";
            return NVRTC_ERROR_INVALID_OPTION;
        }
    }
    if (arch.empty()) {
        p->log = "fakecuda: no --gpu-architecture=compute_XY option\n";
        return NVRTC_ERROR_INVALID_OPTION;
    }
    const char* dir = getenv("FAKECUDA_DIR");
    const char* cxx = getenv("FAKECUDA_CXX");
    if (!dir || !cxx) {
        p->log = "fakecuda: FAKECUDA_DIR and FAKECUDA_CXX must be set\n";
        return NVRTC_ERROR_COMPILATION;
    }
    std::string base = std::string(dir) + "/prog-" + std::to_string(getpid()) + "-" + std::to_string(++counter);
    std::string src = p->src;
    if (!dynamicShared(src, p->log)) return NVRTC_ERROR_COMPILATION;
    std::ofstream(base + ".cu") << src;
    std::ofstream wrapper(base + ".cpp");
    wrapper << "#include \"" << dir << "/shim.h\"\n#include \"" << base << ".cu\"\n";
    std::vector<std::string> names = kernelNames(p->src);
    for (const std::string& k : names) {
        wrapper << "extern \"C\" void fakecuda_launch_" << k
                << "(const unsigned* g, const unsigned* b, const unsigned* blk, const unsigned* thr, void* dyn, void** p, "
                   "void (*sync)()) { fakecuda_run("
                << k << ", g, b, blk, thr, dyn, p, sync); }\n";
    }
    wrapper.close();
    // FAKECUDA_ROUNDING=gpu compiles the kernels with a GPU's rounding
    // rather than the host's: a*b+c contracted into fused multiply-adds, as
    // NVRTC does by default (--fmad=true), and the transcendental functions
    // off by up to CUDA's documented ulps (see shim.h).
    std::string flags;
    if (const char* r = getenv("FAKECUDA_ROUNDING"); r && *r) {
        if (std::string(r) != "gpu") {
            p->log = "fakecuda: FAKECUDA_ROUNDING is \"" + std::string(r) + "\"; use gpu, or leave it unset for the host's rounding\n";
            return NVRTC_ERROR_INVALID_OPTION;
        }
        if (!__builtin_cpu_supports("fma")) {
            p->log = "fakecuda: FAKECUDA_ROUNDING=gpu needs a CPU with FMA instructions, and this one has none\n";
            return NVRTC_ERROR_INVALID_OPTION;
        }
        // GCC forms FMAs only from -O2 (the widening-mul pass), and ISO
        // mode (-std=c++17) turns contraction off unless asked.
        flags = " -O2 -mfma -ffp-contract=fast -DFAKECUDA_GPU_ROUNDING";
    }
    std::string cmd = std::string(cxx) + " -std=c++17 -O1 -w" + flags + " -shared -fPIC -o " + base + ".so " + base + ".cpp > " + base + ".log 2>&1";
    if (system(cmd.c_str()) != 0) {
        p->log = readFile(base + ".log");
        return NVRTC_ERROR_COMPILATION;
    }
    p->ptx = "// fakecuda PTX for " + p->name + " (" + arch + ")\n// so " + base + ".so\n";
    for (const std::string& k : names) p->ptx += ".entry " + k + "\n";
    return NVRTC_SUCCESS;
}

int nvrtcGetProgramLogSize(void* handle, size_t* n) {
    *n = static_cast<Program*>(handle)->log.size() + 1;
    return NVRTC_SUCCESS;
}

int nvrtcGetProgramLog(void* handle, char* out) {
    const std::string& log = static_cast<Program*>(handle)->log;
    memcpy(out, log.c_str(), log.size() + 1);
    return NVRTC_SUCCESS;
}

int nvrtcGetPTXSize(void* handle, size_t* n) {
    Program* p = static_cast<Program*>(handle);
    if (p->ptx.empty()) return NVRTC_ERROR_INVALID_PROGRAM;
    *n = p->ptx.size() + 1;
    return NVRTC_SUCCESS;
}

int nvrtcGetPTX(void* handle, char* out) {
    Program* p = static_cast<Program*>(handle);
    if (p->ptx.empty()) return NVRTC_ERROR_INVALID_PROGRAM;
    memcpy(out, p->ptx.c_str(), p->ptx.size() + 1);
    return NVRTC_SUCCESS;
}

int nvrtcDestroyProgram(void** prog) {
    delete static_cast<Program*>(*prog);
    *prog = nullptr;
    return NVRTC_SUCCESS;
}

const char* nvrtcGetErrorString(int rc) {
    switch (rc) {
    case NVRTC_SUCCESS: return "NVRTC_SUCCESS";
    case NVRTC_ERROR_INVALID_INPUT: return "NVRTC_ERROR_INVALID_INPUT";
    case NVRTC_ERROR_INVALID_PROGRAM: return "NVRTC_ERROR_INVALID_PROGRAM";
    case NVRTC_ERROR_INVALID_OPTION: return "NVRTC_ERROR_INVALID_OPTION";
    case NVRTC_ERROR_COMPILATION: return "NVRTC_ERROR_COMPILATION";
    }
    return "NVRTC_ERROR unknown";
}

} // extern "C"
