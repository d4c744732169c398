// errors.h: the one exception type the core throws, its stable codes, and helpers that build
// its messages.
#pragma once

#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace attnlab {

/// Thrown on bad input. The message names the bad value and the allowed range, e.g.
/// "d_k 0 is out of range: allowed 1..256", so a learner can act on it.
///
/// Every Error also carries a stable `code` and named `params` (all as text), so a page can show
/// the same error in its own language (web/i18n/errors.js) while the English message stays the
/// fallback and what developers read. The codes, and the params each one carries:
///
/// | code             | params                                  | meaning | | ---------------- |
/// --------------------------------------- | --------------------------------- | | `out_of_range`
/// | what, value, min, max                   | a number outside min..max         | | `too_large` |
/// what, value, max                        | a size or product above its limit | | `not_finite` |
/// what, index, value                      | NaN or ±Inf (after narrowing)     | | `unknown_choice`
/// | what, value, allowed (comma-separated)  | a name not in the list            | |
/// `not_divisible`  | what, value, divisor                    | e.g. d_model by heads             |
/// | `shape_mismatch` | what, got, expected                     | a tensor of the wrong shape | |
/// `work_budget`    | what, work, max                         | a call that would freeze a page   |
/// | `bad_file`       | what (weights/checkpoint), detail       | a file that cannot be loaded | |
/// `diverged`       | step, loss, first_loss, kept_step, lr   | training stopped, weights kept    |
/// | `invalid`        | (none: the message says it all)         | anything else |
class Error : public std::runtime_error {
  public:
    using Params = std::vector<std::pair<std::string, std::string>>;

    /// An error with the generic code "invalid".
    explicit Error(const std::string& message) : Error("invalid", message, {}) {}
    /// An error with a code from the table above and its params.
    Error(std::string code, const std::string& message, Params params)
        : std::runtime_error(message), code_(std::move(code)), params_(std::move(params)) {}

    const std::string& code() const noexcept { return code_; }
    const Params& params() const noexcept { return params_; }

  private:
    std::string code_;
    Params params_;
};

/// Throws Error("<what> <value> is out of range: allowed <lo>..<hi>") (code out_of_range) unless
/// lo <= value <= hi.
inline void check_range(const char* what, long long value, long long lo, long long hi) {
    if (value < lo || value > hi) {
        throw Error("out_of_range",
                    std::string(what) + " " + std::to_string(value) + " is out of range: allowed " +
                        std::to_string(lo) + ".." + std::to_string(hi),
                    {{"what", what},
                     {"value", std::to_string(value)},
                     {"min", std::to_string(lo)},
                     {"max", std::to_string(hi)}});
    }
}

/// Throws Error("<what> <value> is too large: allowed at most <max>") (code too_large) unless
/// value <= max. `value` is a 64-bit product computed by the caller before it allocates, so a
/// size that would overflow a 32-bit size_t (wasm) is caught rather than wrapped.
inline void check_size(const char* what, long long value, long long max) {
    if (value > max) {
        throw Error(
            "too_large",
            std::string(what) + " " + std::to_string(value) + " is too large: allowed at most " +
                std::to_string(max),
            {{"what", what}, {"value", std::to_string(value)}, {"max", std::to_string(max)}});
    }
}

/// Throws Error (code not_finite, params what, index, value) at the first of values[0..size)
/// that is NaN or +-Inf. Call it on the f32 values, after narrowing: 1e39 becomes Inf only then.
inline void check_finite(const char* what, const float* values, std::size_t size) {
    for (std::size_t i = 0; i < size; ++i) {
        const float v = values[i];
        if (!std::isfinite(v)) {
            const std::string text = v != v ? "NaN" : (v > 0 ? "Infinity" : "-Infinity");
            throw Error("not_finite",
                        std::string(what) + " holds " + text + " at index " + std::to_string(i) +
                            ": allowed are finite numbers",
                        {{"what", what}, {"index", std::to_string(i)}, {"value", text}});
        }
    }
}

/// Throws Error (code work_budget, params what, work, max) unless work <= max: the call would
/// do `work` multiply-adds and take too long for a page. `hint` says how to make it smaller,
/// e.g. "use fewer steps or points".
inline void check_work(const char* what, long long work, long long max, const char* hint) {
    if (work > max) {
        throw Error("work_budget",
                    std::string(what) + " would take too long: " + std::to_string(work) +
                        " multiply-adds, allowed at most " + std::to_string(max) + "; " + hint,
                    {{"what", what}, {"work", std::to_string(work)}, {"max", std::to_string(max)}});
    }
}

/// Throws Error("<what> '<value>' is unknown: allowed <allowed>") (code unknown_choice);
/// `allowed` is comma-separated, e.g. "relu, gelu".
[[noreturn]] inline void unknown_choice(const char* what, const std::string& value,
                                        const char* allowed) {
    throw Error("unknown_choice",
                std::string(what) + " '" + value + "' is unknown: allowed " + allowed,
                {{"what", what}, {"value", value}, {"allowed", allowed}});
}

/// Throws Error (code shape_mismatch, params what, got, expected) with `message`.
[[noreturn]] inline void shape_mismatch(const char* what, const std::string& got,
                                        const std::string& expected, const std::string& message) {
    throw Error("shape_mismatch", message, {{"what", what}, {"got", got}, {"expected", expected}});
}

/// Throws Error (code not_divisible, params what, value, divisor) with `message`.
[[noreturn]] inline void not_divisible(const char* what, long long value, long long divisor,
                                       const std::string& message) {
    throw Error(
        "not_divisible", message,
        {{"what", what}, {"value", std::to_string(value)}, {"divisor", std::to_string(divisor)}});
}

/// "(3, 4)": a shape for error messages.
inline std::string shape_str(long long r, long long c) {
    return "(" + std::to_string(r) + ", " + std::to_string(c) + ")";
}

}  // namespace attnlab
