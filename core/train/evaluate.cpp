// evaluate.cpp: what a run's model does on held-out data: greedy evaluation, attention maps and
// predictions for the learner's own input (Trainer's read-only half; training is trainer.cpp).
#include <algorithm>
#include <limits>
#include <map>

#include "attnlab/errors.h"
#include "attnlab/train/loss.h"
#include "attnlab/train/trainer.h"
#include "train_errors.h"
#include "trainer_state.h"

namespace attnlab {

using train_detail::argmax;
using train_detail::kMaxLen;
using train_detail::pad;

namespace {

constexpr int kEvalChunk = 256;

// Greedy continuation of equal-length prefixes, all at once: one full forward per new token.
// logits_of(batch) -> (B * length, vocab). Stops when every row has produced <end> or after
// `steps` tokens.
template <class LogitsOf>
std::vector<std::vector<int>> greedy(std::vector<std::vector<int>> prefixes, int steps,
                                     bool stop_at_end, LogitsOf&& logits_of) {
    const std::size_t start = prefixes.empty() ? 0 : prefixes[0].size();
    std::vector<bool> done(prefixes.size(), false);
    for (int s = 0; s < steps; ++s) {
        const TokenBatch b = pad(prefixes);
        const Tensor2 logits = logits_of(b);
        const int vocab = cols(logits);
        bool all_done = true;
        for (std::size_t i = 0; i < prefixes.size(); ++i) {
            const float* row =
                logits.data() + (i * b.length + b.length - 1) * static_cast<std::size_t>(vocab);
            const int next = argmax(row, vocab);
            prefixes[i].push_back(next);
            done[i] = done[i] || next == kEnd;
            all_done = all_done && done[i];
        }
        if (stop_at_end && all_done) break;
    }
    for (auto& p : prefixes) {
        p.erase(p.begin(), p.begin() + static_cast<std::ptrdiff_t>(start));
        if (stop_at_end) {
            const auto end = std::find(p.begin(), p.end(), kEnd);
            if (end != p.end()) p.erase(end + 1, p.end());
        }
    }
    return prefixes;
}

}  // namespace

Evaluation Trainer::evaluate(int limit, int show) const {
    check_range("examples to evaluate", limit, 1, static_cast<long long>(task_.held_out.size()));
    Evaluation ev;
    const std::vector<Example> examples(task_.held_out.begin(), task_.held_out.begin() + limit);
    long long right = 0, total = 0, exact = 0;
    if (task_.kind == TaskKind::text) {
        for (std::size_t first = 0; first < examples.size(); first += kEvalChunk) {
            const std::vector<Example> chunk(
                examples.begin() + first,
                examples.begin() + std::min(examples.size(), first + kEvalChunk));
            TokenBatch ids;
            std::vector<int> targets;
            make_decoder_batch(chunk, true, ids, targets);
            DecoderOnlyModel::Tape tape;
            const Tensor2 logits = m_->dec->forward_train(ids, options_.causal, tape);
            for (std::size_t b = 0; b < chunk.size(); ++b) {
                Prediction p;
                p.input.assign(chunk[b].tgt.begin(), chunk[b].tgt.end() - 1);
                for (int i = 0; i < ids.length; ++i) {
                    const int t = targets[b * ids.length + i];
                    if (t == kIgnoreIndex) continue;
                    const int got =
                        argmax(logits.data() + (b * ids.length + i) * cols(logits), cols(logits));
                    p.target.push_back(t);
                    p.predicted.push_back(got);
                    right += got == t;
                    ++total;
                }
                if (static_cast<int>(ev.examples.size()) < show) ev.examples.push_back(p);
            }
        }
        ev.count = limit;
        ev.token_accuracy = total ? double(right) / total : 0.0;
        ev.exact_accuracy = std::numeric_limits<double>::quiet_NaN();
        return ev;
    }
    // Group by prompt length so every greedy batch has equal-length prefixes.
    std::map<std::size_t, std::vector<std::size_t>> groups;
    for (std::size_t i = 0; i < examples.size(); ++i) groups[examples[i].src.size()].push_back(i);
    std::vector<std::vector<int>> outputs(examples.size());
    for (const auto& [src_len, members] : groups) {
        for (std::size_t first = 0; first < members.size(); first += kEvalChunk) {
            const std::size_t last = std::min(members.size(), first + kEvalChunk);
            std::vector<std::vector<int>> prefixes;
            std::vector<Example> chunk;
            int longest = 0;
            for (std::size_t k = first; k < last; ++k) {
                const Example& e = examples[members[k]];
                chunk.push_back(e);
                longest = std::max<int>(longest, e.tgt.size());
                if (m_->ed) {
                    prefixes.push_back({kBegin});
                } else {
                    std::vector<int> p{kBegin};
                    p.insert(p.end(), e.src.begin(), e.src.end());
                    p.push_back(kSep);
                    prefixes.push_back(std::move(p));
                }
            }
            std::vector<std::vector<int>> out;
            if (m_->ed) {
                std::vector<std::vector<int>> srcs;
                for (const auto& e : chunk) srcs.push_back(e.src);
                const TokenBatch src = pad(srcs);
                EncoderDecoderModel::Tape tape;
                m_->ed->encode_train(src, tape);
                out = greedy(prefixes, longest + 1, true, [&](const TokenBatch& tgt) {
                    return m_->ed->decode_train(src, tgt, tape);
                });
            } else {
                out = greedy(prefixes, longest + 1, true, [&](const TokenBatch& ids) {
                    DecoderOnlyModel::Tape tape;
                    return m_->dec->forward_train(ids, options_.causal, tape);
                });
            }
            for (std::size_t k = first; k < last; ++k) outputs[members[k]] = out[k - first];
        }
    }
    for (std::size_t i = 0; i < examples.size(); ++i) {
        std::vector<int> want = examples[i].tgt;
        want.push_back(kEnd);
        const auto& got = outputs[i];
        bool all = got.size() == want.size();
        for (std::size_t k = 0; k < want.size(); ++k) {
            const bool ok = k < got.size() && got[k] == want[k];
            right += ok;
            all = all && ok;
        }
        total += static_cast<long long>(want.size());
        exact += all;
        if (static_cast<int>(ev.examples.size()) < show) {
            ev.examples.push_back({examples[i].src, want, got});
        }
    }
    ev.count = limit;
    ev.token_accuracy = double(right) / total;
    ev.exact_accuracy = double(exact) / limit;
    return ev;
}

AttentionMaps Trainer::attention(int index, const std::string& kind, int layer) const {
    check_range("example index", index, 0, static_cast<long long>(task_.held_out.size()) - 1);
    check_range("layer", layer, 0, config_.layers - 1);
    const Example& e = task_.held_out[index];
    AttentionMaps a;
    if (m_->ed) {
        TokenBatch src, tgt;
        std::vector<int> targets;
        make_seq2seq_batch({e}, src, tgt, targets);
        EncoderDecoderModel::Tape tape;
        m_->ed->forward_train(src, tgt, tape);
        if (kind == "encoder") {
            a = {src.ids, src.ids, tape.encoder[layer].attn.weights};
        } else if (kind == "decoder") {
            a = {tgt.ids, tgt.ids, tape.decoder[layer].self_attn.weights};
        } else if (kind == "cross") {
            a = {tgt.ids, src.ids, tape.decoder[layer].cross.weights};
        } else {
            throw_unknown_choice(
                "attention kind '" + kind + "' is unknown: allowed encoder, decoder, cross",
                "attention kind", kind, "encoder,decoder,cross");
        }
        return a;
    }
    if (kind != "decoder") {
        throw_unknown_choice(
            "attention kind '" + kind + "' does not exist in a decoder-only model: allowed decoder",
            "attention kind", kind, "decoder");
    }
    TokenBatch ids;
    std::vector<int> targets;
    make_decoder_batch({e}, task_.kind == TaskKind::text, ids, targets);
    DecoderOnlyModel::Tape tape;
    m_->dec->forward_train(ids, options_.causal, tape);
    return {ids.ids, ids.ids, tape.layers[layer].attn.weights};
}

std::vector<int> Trainer::predict(const std::string& input, int max_tokens) const {
    check_range("tokens to generate", max_tokens, 1, 64);
    std::vector<int> src = task_.encode(input);
    if (task_.kind == TaskKind::text) {
        std::vector<int> out;
        std::vector<int> window = src;
        for (int s = 0; s < max_tokens; ++s) {
            if (static_cast<int>(window.size()) > task_.length) {
                window.erase(window.begin(), window.end() - task_.length);
            }
            auto next = greedy({window}, 1, false, [&](const TokenBatch& ids) {
                DecoderOnlyModel::Tape tape;
                return m_->dec->forward_train(ids, options_.causal, tape);
            });
            out.push_back(next[0][0]);
            window.push_back(next[0][0]);
        }
        return out;
    }
    check_range("input length", static_cast<long long>(src.size()), 1, 32);
    std::vector<std::vector<int>> out;
    if (m_->ed) {
        const TokenBatch s = pad({src});
        EncoderDecoderModel::Tape tape;
        m_->ed->encode_train(s, tape);
        out = greedy({{kBegin}}, max_tokens, true,
                     [&](const TokenBatch& tgt) { return m_->ed->decode_train(s, tgt, tape); });
    } else {
        std::vector<int> prompt{kBegin};
        prompt.insert(prompt.end(), src.begin(), src.end());
        prompt.push_back(kSep);
        const int room = kMaxLen - static_cast<int>(prompt.size());
        out = greedy({prompt}, std::min(max_tokens, room), true, [&](const TokenBatch& ids) {
            DecoderOnlyModel::Tape tape;
            return m_->dec->forward_train(ids, options_.causal, tape);
        });
    }
    return out[0];
}

}  // namespace attnlab
