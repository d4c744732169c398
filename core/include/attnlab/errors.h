// errors.h: the one exception type the core throws, its stable codes, and helpers that build
// its messages.
#pragma once

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
/// | code             | params                                  | meaning                           |
/// | ---------------- | --------------------------------------- | --------------------------------- |
/// | `out_of_range`   | what, value, min, max                   | a number outside min..max         |
/// | `too_large`      | what, value, max                        | a size or product above its limit |
/// | `not_finite`     | what, index, value                      | NaN or ±Inf (after narrowing)     |
/// | `unknown_choice` | what, value, allowed (comma-separated)  | a name not in the list            |
/// | `not_divisible`  | what, value, divisor                    | e.g. d_model by heads             |
/// | `shape_mismatch` | what, got, expected                     | a tensor of the wrong shape       |
/// | `work_budget`    | what, work, max                         | a call that would freeze a page   |
/// | `bad_file`       | what (weights/checkpoint), detail       | a file that cannot be loaded      |
/// | `diverged`       | step, loss, first_loss, kept_step, lr   | training stopped, weights kept    |
/// | `invalid`        | (none: the message says it all)         | anything else                     |
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

/// "(3, 4)": a shape for error messages.
inline std::string shape_str(long long r, long long c) {
    return "(" + std::to_string(r) + ", " + std::to_string(c) + ")";
}

}  // namespace attnlab
