// tasks.h: the training lab's data: toy digit tasks with deterministic generators and held-out
// sets, and the learner's own pairs or text.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "attnlab/rng.h"

namespace attnlab {

enum class TaskKind { reverse, copy, sort, pairs, text };

/// "reverse" | "copy" | "sort" | "pairs" | "text". Throws Error naming an unknown task.
TaskKind task_from_name(const std::string& name);
const char* task_name(TaskKind kind);

/// One example as token ids, without <begin> / <end>: src -> tgt. For 'text' src is empty and
/// tgt is a window of the text.
struct Example {
    std::vector<int> src;
    std::vector<int> tgt;
};

/// Vocabulary ids every task shares.
constexpr int kPad = 0;
constexpr int kBegin = 1;
constexpr int kEnd = 2;
constexpr int kSep = 3;  // between source and target when a decoder-only model reads both

/// A task: its vocabulary, a fixed held-out set and a way to draw training examples. Digit
/// tasks draw fresh sequences for every batch (never one from the held-out set); pairs and text
/// sample from a fixed training part.
class Task {
  public:
    /// reverse / copy / sort of `length` (2..16) random digits; `held_out` (1..2000) examples
    /// drawn with `seed` and excluded from training. Throws Error (out_of_range) when the
    /// held-out set would take more than half of the 10^length sequences.
    static Task digits(TaskKind kind, int length, int held_out, std::uint64_t seed);
    /// One "input -> output" pair per line (4..5000 lines, each side 1..32 characters; every
    /// character, spaces too, is a token). min(held_out, lines / 5) lines, chosen by seed, are
    /// held out. Throws Error naming the first bad line.
    static Task pairs(const std::string& text, int held_out, std::uint64_t seed);
    /// Character-level text (20..100000 characters, UTF-8 aware): windows of context + 1
    /// characters; the last tenth of the text is held out.
    static Task text(const std::string& text, int context);

    /// A training example drawn with rng, in bounded time (never one of the held-out set).
    Example sample(Rng& rng) const;
    /// Splits a learner's input into token ids (digits or characters); throws Error naming a
    /// character the vocabulary lacks.
    std::vector<int> encode(const std::string& input) const;

    TaskKind kind = TaskKind::reverse;
    int length = 8;                  // digits per sequence (digit tasks), or context (text)
    std::vector<std::string> vocab;  // <pad> <begin> <end> <sep> then the task's symbols
    std::vector<Example> train;      // empty for digit tasks (generated)
    std::vector<Example> held_out;

  private:
    Example digits_example(Rng& rng) const;
    void finish_digits(Example& e) const;
    /// A digit example whose source is not in `taken`, in a bounded number of steps.
    Example fresh_digits(Rng& rng, const std::set<std::vector<int>>& taken) const;
    std::vector<int> text_ids;
    std::set<std::vector<int>> held_out_sources;
};

/// UTF-8 text split into characters (code points as strings).
std::vector<std::string> utf8_chars(const std::string& text);

}  // namespace attnlab
