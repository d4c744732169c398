// Fuzz target: the text of a checkpoint -> Trainer::load_checkpoint on one small run.
// Issue 9 item 4: a load that fails must change nothing. So after every rejected load the run
// must save exactly the checkpoint it saved before and predict exactly what it predicted before.
// A load that succeeds must leave a run that can take a step and predict without touching
// memory out of bounds (an Adam state of the wrong size once made train(1) write past its
// buffers); the run is then put back by loading the base checkpoint, so every input starts from
// the same state.
// Allowed failure: attnlab::Error. Seeds: corpus/checkpoint (real save_checkpoint output).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_common.h"

using namespace attnlab;

namespace {

// A digit string the copy task's vocabulary knows: what predict() is asked before and after.
constexpr const char* kProbe = "120";

struct Run {
    Trainer trainer{fuzz::checkpoint_run_options()};
    std::string base;  // the run's checkpoint after one step (Adam m and v filled)
    std::vector<int> base_prediction;

    Run() {
        trainer.train(1);
        base = trainer.save_checkpoint();
        base_prediction = trainer.predict(kProbe, 4);
    }

    void expect_unchanged(const char* after) {
        if (trainer.save_checkpoint() != base) {
            fuzz::fail(std::string("the run's checkpoint changed after ") + after);
        }
        if (trainer.predict(kProbe, 4) != base_prediction) {
            fuzz::fail(std::string("the run predicts differently after ") + after);
        }
        if (!trainer.diverged().empty()) fuzz::fail(std::string("diverged() set after ") + after);
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static Run run;  // built once: a Trainer per input would cost more than the load
    const std::string text(reinterpret_cast<const char*>(data), size);
    if (!fuzz::accepts([&] { run.trainer.load_checkpoint(text); })) {
        run.expect_unchanged("a rejected load");
        return 0;
    }
    // Accepted: the loaded state must be safe to use. A step may fail with an Error (for
    // instance diverging on huge weights); it must not crash.
    fuzz::accepts([&] { run.trainer.train(1); });
    fuzz::accepts([&] { run.trainer.predict(kProbe, 4); });
    // A step that did not report divergence must have left finite weights and Adam state
    // (nlohmann writes NaN and Inf as null). A negative Adam v once turned every weight into
    // NaN with diverged() still empty.
    if (run.trainer.diverged().empty() &&
        run.trainer.save_checkpoint().find("null") != std::string::npos) {
        fuzz::fail("a step after an accepted load left non-finite values without diverging");
    }
    if (!fuzz::accepts([&] { run.trainer.load_checkpoint(run.base); })) {
        fuzz::fail("the run's own base checkpoint was rejected after another load");
    }
    run.expect_unchanged("loading the base checkpoint back");
    return 0;
}
