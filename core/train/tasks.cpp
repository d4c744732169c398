#include "attnlab/train/tasks.h"

#include <algorithm>
#include <map>

#include "attnlab/errors.h"
#include "train_errors.h"

namespace attnlab {

TaskKind task_from_name(const std::string& name) {
    if (name == "reverse") return TaskKind::reverse;
    if (name == "copy") return TaskKind::copy;
    if (name == "sort") return TaskKind::sort;
    if (name == "pairs") return TaskKind::pairs;
    if (name == "text") return TaskKind::text;
    throw_unknown_choice("task '" + name + "' is unknown: allowed reverse, copy, sort, pairs, text",
                         "task", name, "reverse,copy,sort,pairs,text");
}

const char* task_name(TaskKind kind) {
    switch (kind) {
        case TaskKind::reverse:
            return "reverse";
        case TaskKind::copy:
            return "copy";
        case TaskKind::sort:
            return "sort";
        case TaskKind::pairs:
            return "pairs";
        default:
            return "text";
    }
}

std::vector<std::string> utf8_chars(const std::string& text) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < text.size();) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        const std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
        out.push_back(text.substr(i, len));
        i += len;
    }
    return out;
}

namespace {

std::vector<std::string> base_vocab() { return {"<pad>", "<begin>", "<end>", "<sep>"}; }

int id_of(const std::vector<std::string>& vocab, const std::string& token) {
    const auto it = std::find(vocab.begin(), vocab.end(), token);
    return it == vocab.end() ? -1 : static_cast<int>(it - vocab.begin());
}

std::string trim(const std::string& s) {
    const auto first = s.find_first_not_of(" \t\r");
    if (first == std::string::npos) return "";
    return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
}

}  // namespace

namespace {

// Draws before a sampler stops drawing at random and walks to the next free sequence instead:
// never reached when at least half the sequences are free (the chance is 2^-64), and it bounds
// every loop when few are.
constexpr int kMaxDraws = 64;

long long digit_sequences(int length) {
    long long n = 1;
    for (int i = 0; i < length; ++i) n *= 10;
    return n;
}

// The digits of `code` (0 .. 10^length - 1) as token ids, most significant first.
std::vector<int> digits_of(long long code, int length) {
    std::vector<int> src(length);
    for (int i = length - 1; i >= 0; --i, code /= 10) src[i] = 4 + static_cast<int>(code % 10);
    return src;
}

long long code_of(const std::vector<int>& src) {
    long long code = 0;
    for (int id : src) code = code * 10 + (id - 4);
    return code;
}

}  // namespace

Example Task::digits_example(Rng& rng) const {
    Example e;
    for (int i = 0; i < length; ++i) e.src.push_back(4 + static_cast<int>(rng.next_u32() % 10));
    finish_digits(e);
    return e;
}

void Task::finish_digits(Example& e) const {
    e.tgt = e.src;
    if (kind == TaskKind::reverse) std::reverse(e.tgt.begin(), e.tgt.end());
    if (kind == TaskKind::sort) std::sort(e.tgt.begin(), e.tgt.end());
}

Example Task::fresh_digits(Rng& rng, const std::set<std::vector<int>>& taken) const {
    Example e;
    for (int draw = 0; draw < kMaxDraws; ++draw) {
        e = digits_example(rng);
        if (!taken.count(e.src)) return e;
    }
    // Walk from the last draw to the next sequence not taken: at most |taken| steps, and one
    // exists because the caller checked that the sequences outnumber the taken ones.
    const long long n = digit_sequences(length);
    for (long long code = code_of(e.src), k = 0; k < n; ++k, code = (code + 1) % n) {
        e.src = digits_of(code, length);
        if (!taken.count(e.src)) {
            finish_digits(e);
            return e;
        }
    }
    throw Error("every " + std::to_string(length) + "-digit sequence is held out");
}

Task Task::digits(TaskKind kind, int length, int held_out, std::uint64_t seed) {
    check_range("sequence length", length, 2, 16);
    check_range("held-out examples", held_out, 1, 2000);
    // The held-out set may take at most half of the 10^length sequences, so training still
    // draws fresh ones (and the draws above almost never repeat).
    const long long sequences = digit_sequences(length);
    if (2LL * held_out > sequences) {
        throw Error("out_of_range",
                    "held-out examples " + std::to_string(held_out) + " is out of range: only " +
                        std::to_string(sequences) + " sequences of " + std::to_string(length) +
                        " digits exist and half must stay for training: allowed 1.." +
                        std::to_string(sequences / 2),
                    {{"what", "held-out examples"},
                     {"value", std::to_string(held_out)},
                     {"min", "1"},
                     {"max", std::to_string(sequences / 2)}});
    }
    Task t;
    t.kind = kind;
    t.length = length;
    t.vocab = base_vocab();
    for (char c = '0'; c <= '9'; ++c) t.vocab.emplace_back(1, c);
    // Its own stream: the held-out set depends on the seed only, not on how training draws.
    Rng rng(seed, 977);
    while (static_cast<int>(t.held_out.size()) < held_out) {
        Example e = t.fresh_digits(rng, t.held_out_sources);
        t.held_out_sources.insert(e.src);
        t.held_out.push_back(std::move(e));
    }
    return t;
}

Task Task::pairs(const std::string& text, int held_out, std::uint64_t seed) {
    Task t;
    t.kind = TaskKind::pairs;
    t.vocab = base_vocab();
    std::vector<Example> all;
    std::map<std::string, int> ids;
    auto tokens = [&](const std::string& side, int line, const char* which) {
        const auto chars = utf8_chars(side);
        if (chars.empty() || chars.size() > 32) {
            throw Error("out_of_range",
                        "line " + std::to_string(line) + ": the " + which + " has " +
                            std::to_string(chars.size()) + " characters: allowed 1..32",
                        {{"what", std::string("line ") + std::to_string(line) + " " + which},
                         {"value", std::to_string(chars.size())},
                         {"min", "1"},
                         {"max", "32"}});
        }
        std::vector<int> out;
        for (const auto& c : chars) {
            int id = id_of(t.vocab, c);
            if (id < 0) {
                id = static_cast<int>(t.vocab.size());
                t.vocab.push_back(c);
            }
            out.push_back(id);
        }
        return out;
    };
    int line_no = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        const std::string line = trim(text.substr(start, end - start));
        ++line_no;
        start = end + 1;
        if (line.empty()) continue;
        const auto arrow = line.find("->");
        if (arrow == std::string::npos) {
            throw Error("line " + std::to_string(line_no) + " ('" + line.substr(0, 40) +
                        "') has no '->': write one pair per line as input -> output");
        }
        all.push_back({tokens(trim(line.substr(0, arrow)), line_no, "input"),
                       tokens(trim(line.substr(arrow + 2)), line_no, "output")});
    }
    check_range("pairs", static_cast<long long>(all.size()), 4, 5000);
    // A seeded shuffle, then the first min(held_out, n / 5) are held out.
    Rng rng(seed, 979);
    for (std::size_t i = all.size(); i > 1; --i) std::swap(all[i - 1], all[rng.next_u32() % i]);
    // At least one held out (evaluate needs one) and, with 4..5000 lines, at least 3 to train on.
    const std::size_t keep =
        std::max<std::size_t>(1, std::min<std::size_t>(std::max(1, held_out), all.size() / 5));
    t.held_out.assign(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(keep));
    t.train.assign(all.begin() + static_cast<std::ptrdiff_t>(keep), all.end());
    for (const auto& e : all) t.length = std::max<int>(t.length, e.src.size());
    return t;
}

Task Task::text(const std::string& text, int context) {
    check_range("context", context, 4, 128);
    const auto chars = utf8_chars(text);
    check_range("text length in characters", static_cast<long long>(chars.size()), 20, 100000);
    Task t;
    t.kind = TaskKind::text;
    t.length = context;
    t.vocab = base_vocab();
    for (const auto& c : chars) {
        int id = id_of(t.vocab, c);
        if (id < 0) {
            id = static_cast<int>(t.vocab.size());
            t.vocab.push_back(c);
        }
        t.text_ids.push_back(id);
    }
    const int n = static_cast<int>(t.text_ids.size());
    const int window = std::min(context + 1, n / 2);
    const int split = std::max(window, n - std::max(window, n / 10));
    // Held out: non-overlapping windows of the last tenth. Training samples the rest.
    for (int s = split; s + window <= n; s += window) {
        t.held_out.push_back({{}, {t.text_ids.begin() + s, t.text_ids.begin() + s + window}});
    }
    if (t.held_out.empty()) {
        t.held_out.push_back({{}, {t.text_ids.end() - window, t.text_ids.end()}});
    }
    for (int s = 0; s + window <= split; ++s) {
        t.train.push_back({{}, {t.text_ids.begin() + s, t.text_ids.begin() + s + window}});
    }
    return t;
}

Example Task::sample(Rng& rng) const {
    if (kind == TaskKind::reverse || kind == TaskKind::copy || kind == TaskKind::sort) {
        return fresh_digits(rng, held_out_sources);
    }
    if (train.empty()) throw Error("this task has no training examples");
    return train[rng.next_u32() % train.size()];
}

std::vector<int> Task::encode(const std::string& input) const {
    std::vector<int> out;
    for (const auto& c : utf8_chars(input)) {
        const int id = id_of(vocab, c);
        if (id < 4) {
            std::string known;
            for (std::size_t i = 4; i < vocab.size() && i < 40; ++i) known += vocab[i];
            throw_unknown_choice(
                "'" + c + "' is not in this task's vocabulary: allowed characters " + known,
                "character", c, known);
        }
        out.push_back(id);
    }
    if (out.empty()) {
        throw Error("out_of_range", "the input is empty: type at least one character",
                    {{"what", "input length"}, {"value", "0"}, {"min", "1"}, {"max", "32"}});
    }
    return out;
}

}  // namespace attnlab
