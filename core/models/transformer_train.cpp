// transformer_train.cpp: the models' training forward (padded batches, keeping what backward
// needs) beside their backward. Inference lives in transformer.cpp.
#include "attnlab/errors.h"
#include "attnlab/models/transformer.h"

namespace attnlab {

void TokenBatch::validate() const {
    check_range("batch size", batch, 1, 4096);
    check_range("sequence length", length, 1, kMaxPositions);
    if (ids.size() != static_cast<std::size_t>(batch) * length ||
        lengths.size() != static_cast<std::size_t>(batch)) {
        throw Error("token batch of " + std::to_string(batch) + " x " + std::to_string(length) +
                    " has " + std::to_string(ids.size()) + " ids and " +
                    std::to_string(lengths.size()) + " lengths");
    }
    for (int len : lengths) check_range("example length", len, 1, length);
}

namespace {

std::vector<bool> padding_of(int length, int real) {
    std::vector<bool> pad(static_cast<std::size_t>(length), false);
    for (int j = real; j < length; ++j) pad[static_cast<std::size_t>(j)] = true;
    return pad;
}

}  // namespace

std::vector<Mask> TokenBatch::masks(bool causal) const {
    std::vector<Mask> out;
    out.reserve(static_cast<std::size_t>(batch));
    for (int b = 0; b < batch; ++b) {
        Mask m = Mask::key_padding(length, padding_of(length, lengths[b]));
        out.push_back(causal ? Mask::causal(length) & m : m);
    }
    return out;
}

std::vector<Mask> TokenBatch::cross_masks(const TokenBatch& keys) const {
    std::vector<Mask> out;
    out.reserve(static_cast<std::size_t>(batch));
    for (int b = 0; b < batch; ++b) {
        out.push_back(Mask::key_padding(length, padding_of(keys.length, keys.lengths[b])));
    }
    return out;
}

Tensor2 TokenInput::forward_batch(const TokenBatch& batch) const {
    batch.validate();
    check_positions(batch.length, max_len);
    Tensor2 x = embed.forward(batch.ids);
    if (positional == Positional::sinusoidal || positional == Positional::learned) {
        const Tensor2& table = positional == Positional::learned ? pos.table() : sinusoids_;
        const int d = cols(x);
        for (int r = 0; r < rows(x); ++r) {
            const float* row = table.data() + static_cast<std::size_t>(r % batch.length) * d;
            float* out = x.data() + static_cast<std::size_t>(r) * d;
            for (int c = 0; c < d; ++c) out[c] += row[c];
        }
    }
    return x;
}

void TokenInput::backward(const TokenBatch& batch, const Tensor2& dy, TokenInput& grad) const {
    embed.backward(batch.ids, dy, grad.embed);
    if (positional != Positional::learned) return;
    std::vector<int> positions(batch.ids.size());
    for (std::size_t r = 0; r < positions.size(); ++r) {
        positions[r] = static_cast<int>(r % static_cast<std::size_t>(batch.length));
    }
    pos.backward(positions, dy, grad.pos);
}

namespace {

// The encoder stack (and decoder-only stack): layers, then the final norm when pre-norm.
Tensor2 stack_forward(const std::vector<EncoderLayer>& layers, const std::optional<LayerNorm>& norm,
                      Tensor2 h, const std::vector<Mask>& masks,
                      std::vector<EncoderLayer::Tape>& tapes, Tensor2& top,
                      LayerNorm::Result& norm_result) {
    tapes.resize(layers.size());
    for (std::size_t l = 0; l < layers.size(); ++l) h = layers[l].forward_train(h, masks, tapes[l]);
    if (!norm) return h;
    top = std::move(h);
    norm_result = norm->forward(top);
    return norm_result.y;
}

Tensor2 stack_backward(const std::vector<EncoderLayer>& layers,
                       const std::optional<LayerNorm>& norm, const std::vector<Mask>& masks,
                       const std::vector<EncoderLayer::Tape>& tapes, const Tensor2& top,
                       const LayerNorm::Result& norm_result, Tensor2 dh,
                       std::vector<EncoderLayer>& grad_layers,
                       std::optional<LayerNorm>& grad_norm) {
    if (norm) dh = norm->backward(top, norm_result, dh, *grad_norm);
    for (std::size_t l = layers.size(); l-- > 0;) {
        dh = layers[l].backward(tapes[l], masks, dh, grad_layers[l]);
    }
    return dh;
}

// lm_head, after the decoder's final norm when there is one: h -> logits.
Tensor2 head_forward(const Linear& lm_head, const std::optional<LayerNorm>& norm, const Tensor2& h,
                     Tensor2& top, LayerNorm::Result& norm_result) {
    top = h;
    if (!norm) return lm_head.forward(h);
    norm_result = norm->forward(h);
    return lm_head.forward(norm_result.y);
}

Tensor2 head_backward(const Linear& lm_head, const std::optional<LayerNorm>& norm,
                      const Tensor2& top, const LayerNorm::Result& norm_result,
                      const Tensor2& d_logits, Linear& grad_head,
                      std::optional<LayerNorm>& grad_norm) {
    if (!norm) return lm_head.backward(top, d_logits, grad_head);
    const Tensor2 dy = lm_head.backward(norm_result.y, d_logits, grad_head);
    return norm->backward(top, norm_result, dy, *grad_norm);
}

}  // namespace

Tensor2 DecoderOnlyModel::forward_train(const TokenBatch& batch, bool causal, Tape& tape) const {
    tape.masks = batch.masks(causal);
    Tensor2 h = input.forward_batch(batch);
    tape.layers.resize(layers.size());
    for (std::size_t l = 0; l < layers.size(); ++l) {
        h = layers[l].forward_train(h, tape.masks, tape.layers[l]);
    }
    return head_forward(lm_head, norm, h, tape.top, tape.norm);
}

void DecoderOnlyModel::backward(const TokenBatch& batch, const Tape& tape, const Tensor2& d_logits,
                                DecoderOnlyModel& grad) const {
    Tensor2 dh =
        head_backward(lm_head, norm, tape.top, tape.norm, d_logits, grad.lm_head, grad.norm);
    for (std::size_t l = layers.size(); l-- > 0;) {
        dh = layers[l].backward(tape.layers[l], tape.masks, dh, grad.layers[l]);
    }
    input.backward(batch, dh, grad.input);
}

Tensor2 EncoderDecoderModel::forward_train(const TokenBatch& src, const TokenBatch& tgt_in,
                                           Tape& tape) const {
    encode_train(src, tape);
    return decode_train(src, tgt_in, tape);
}

void EncoderDecoderModel::encode_train(const TokenBatch& src, Tape& tape) const {
    tape.src_masks = src.masks(false);
    tape.memory = stack_forward(encoder_layers, encoder_norm, src_input.forward_batch(src),
                                tape.src_masks, tape.encoder, tape.encoder_top, tape.encoder_norm);
}

Tensor2 EncoderDecoderModel::decode_train(const TokenBatch& src, const TokenBatch& tgt_in,
                                          Tape& tape) const {
    if (src.batch != tgt_in.batch) {
        throw Error("source batch of " + std::to_string(src.batch) +
                    " examples does not match target batch of " + std::to_string(tgt_in.batch));
    }
    tape.tgt_masks = tgt_in.masks(true);
    tape.cross_masks = tgt_in.cross_masks(src);
    Tensor2 h = tgt_input.forward_batch(tgt_in);
    tape.decoder.resize(decoder_layers.size());
    for (std::size_t l = 0; l < decoder_layers.size(); ++l) {
        h = decoder_layers[l].forward_train(h, tape.memory, tape.tgt_masks, tape.cross_masks,
                                            tape.decoder[l]);
    }
    return head_forward(lm_head, decoder_norm, h, tape.decoder_top, tape.decoder_norm);
}

void EncoderDecoderModel::backward(const TokenBatch& src, const TokenBatch& tgt_in,
                                   const Tape& tape, const Tensor2& d_logits,
                                   EncoderDecoderModel& grad) const {
    Tensor2 dh = head_backward(lm_head, decoder_norm, tape.decoder_top, tape.decoder_norm, d_logits,
                               grad.lm_head, grad.decoder_norm);
    Tensor2 d_memory = zeros2(rows(tape.memory), cols(tape.memory));
    for (std::size_t l = decoder_layers.size(); l-- > 0;) {
        dh = decoder_layers[l].backward(tape.decoder[l], tape.memory, tape.tgt_masks,
                                        tape.cross_masks, dh, grad.decoder_layers[l], d_memory);
    }
    tgt_input.backward(tgt_in, dh, grad.tgt_input);
    const Tensor2 d_src =
        stack_backward(encoder_layers, encoder_norm, tape.src_masks, tape.encoder, tape.encoder_top,
                       tape.encoder_norm, d_memory, grad.encoder_layers, grad.encoder_norm);
    src_input.backward(src, d_src, grad.src_input);
}

}  // namespace attnlab
