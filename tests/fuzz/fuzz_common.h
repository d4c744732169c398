// fuzz_common.h: what the fuzz targets and the seed writer share: the one allowed failure
// (attnlab::Error), and the small training run the checkpoint target loads into.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "attnlab/errors.h"
#include "attnlab/train/trainer.h"

namespace attnlab::fuzz {

/// Stops the fuzzer with a message: an invariant broke. abort() is what libFuzzer reports as a
/// crash and saves the input for.
[[noreturn]] inline void fail(const std::string& what) {
    std::fprintf(stderr, "\nfuzz invariant broken: %s\n", what.c_str());
    std::abort();
}

/// Runs `call`. attnlab::Error is the documented way to reject input, so it returns false; any
/// other exception escaping the core (std::bad_alloc, std::out_of_range, a nlohmann exception,
/// ...) is a bug and stops the fuzzer, naming its type's message. Returns true on success.
template <class F>
bool accepts(F&& call) {
    try {
        call();
        return true;
    } catch (const Error&) {
        return false;
    } catch (const std::exception& e) {
        fail(std::string("an exception other than attnlab::Error escaped: ") + e.what());
    } catch (...) {
        fail("a non-std exception escaped");
    }
}

/// The run the checkpoint target loads into, and the seed writer saves from: the smallest
/// decoder-only model the trainer allows (about 700 parameters), so one load is fast and a
/// checkpoint with Adam state is ~25 KB.
inline TrainOptions checkpoint_run_options() {
    TrainOptions o;
    o.task = TaskKind::copy;
    o.model = ModelKind::decoder_only;
    o.length = 3;
    o.layer = {8, 2, 8, Activation::relu, false, false};
    o.layers = 1;
    o.positional = Positional::sinusoidal;  // no position table among the parameters
    o.batch = 4;
    o.held_out = 20;
    o.seed = 5;
    return o;
}

}  // namespace attnlab::fuzz
