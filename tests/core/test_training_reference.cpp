// Training maths against PyTorch (tests/reference/make_training_reference.py, values committed
// in training.json): cross-entropy, Adam / AdamW, gradient clipping, and every parameter's
// gradient of three tiny models (decoder-only post- and pre-norm, encoder-decoder).
#include <catch2/catch.hpp>
#include <iostream>

#include "attnlab/io/weights_json.h"
#include "attnlab/train/loss.h"
#include "attnlab/train/optimizer.h"
#include "reference.h"

using namespace attnlab;
using attnlab::test::read_reference;
using attnlab::test::tensor2;
using attnlab::test::worst_error;

namespace {

const nlohmann::json& training_reference() {
    static const nlohmann::json data = read_reference("training.json");
    return data;
}

std::vector<int> flat_ints(const nlohmann::json& rows) {
    std::vector<int> out;
    for (const auto& row : rows) {
        if (row.is_array()) {
            for (const auto& v : row) out.push_back(v.get<int>());
        } else {
            out.push_back(row.get<int>());
        }
    }
    return out;
}

TokenBatch batch_of(const nlohmann::json& ids, const nlohmann::json& lengths) {
    TokenBatch b;
    b.batch = static_cast<int>(ids.size());
    b.length = static_cast<int>(ids[0].size());
    b.ids = flat_ints(ids);
    b.lengths = lengths.get<std::vector<int>>();
    return b;
}

// Our gradients against PyTorch's, parameter by parameter, relative to each tensor's largest.
template <class Model>
void compare_grads(Model& model, const nlohmann::json& ref) {
    std::unique_ptr<Model> expected_model = std::make_unique<Model>(model.config);
    ParamList expected;
    collect_params(*expected_model, expected);
    load_tensors(ref.at("grads").dump(), expected);
    ParamList got;
    collect_params(model, got);
    REQUIRE(got.size() == expected.size());
    double worst = 0;
    for (std::size_t i = 0; i < got.size(); ++i) {
        double scale = 1e-6;
        for (std::size_t j = 0; j < got[i].size(); ++j) {
            scale = std::max(scale, double(std::abs(expected[i].data[j])));
        }
        double err = 0;
        for (std::size_t j = 0; j < got[i].size(); ++j) {
            err = std::max(err, std::abs(double(got[i].data[j]) - expected[i].data[j]) / scale);
        }
        INFO(got[i].name << ": worst error " << err << " relative to its largest gradient");
        CHECK(err < 1e-4);
        worst = std::max(worst, err);
    }
    std::cout << "  PyTorch gradients: " << got.size() << " tensors, worst relative error " << worst
              << "\n";
}

template <class Model>
std::unique_ptr<Model> zero_grad_model(const Model& model) {
    auto grad = std::make_unique<Model>(model.config);
    ParamList g;
    collect_params(*grad, g);
    zero_grads(g);
    return grad;
}

}  // namespace

TEST_CASE("cross-entropy matches PyTorch: mean, sum, ignore index, label smoothing",
          "[loss][reference]") {
    const auto& ref = training_reference().at("cross_entropy");
    const Tensor2 logits = tensor2(ref.at("logits"));
    const auto targets = ref.at("targets").get<std::vector<int>>();
    for (const auto& c : ref.at("cases")) {
        const bool mean = c.at("reduction") == "mean";
        const float e = c.at("label_smoothing").get<float>();
        const auto got = cross_entropy(logits, targets, e, mean);
        INFO("reduction " << c.at("reduction") << ", smoothing " << e);
        CHECK(got.counted == 4);
        CHECK(got.loss == Approx(c.at("loss").get<double>()).epsilon(1e-6));
        CHECK(worst_error(got.d_logits, tensor2(c.at("grad")), 1e-7, 1e-5) <= 1.0);
    }
}

TEST_CASE("Adam, Adam with L2 and AdamW match PyTorch over three steps", "[optimizer][reference]") {
    for (const char* name : {"adam_plain", "adam", "adamw"}) {
        const auto& ref = training_reference().at(name);
        Tensor2 param = tensor2(ref.at("param"));
        AdamOptions o;
        o.weight_decay = ref.at("weight_decay").get<float>();
        o.decoupled = ref.at("decoupled").get<bool>();
        o.eps = ref.at("eps").get<float>();
        Adam adam(o);
        const float lr = ref.at("lr").get<float>();
        for (int t = 0; t < 3; ++t) {
            Tensor2 grad = tensor2(ref.at("grads")[t]);
            adam.step({{"p", {param.size()}, param.data()}}, {{"p", {grad.size()}, grad.data()}},
                      lr);
            INFO(name << " after step " << t + 1);
            CHECK(worst_error(param, tensor2(ref.at("steps")[t]), 1e-7, 1e-6) <= 1.0);
        }
    }
}

TEST_CASE("clip_grad_norm matches PyTorch", "[optimizer][reference]") {
    for (const char* name : {"clip", "clip_under"}) {
        const auto& ref = training_reference().at(name);
        Tensor2 a = tensor2(ref.at("grads")[0]);
        Tensor2 b = tensor2(ref.at("grads")[1]);
        const float norm =
            clip_grad_norm({{"a", {a.size()}, a.data()}, {"b", {b.size()}, b.data()}},
                           ref.at("max_norm").get<float>());
        INFO(name);
        CHECK(norm == Approx(ref.at("total_norm").get<double>()).epsilon(1e-6));
        CHECK(worst_error(a, tensor2(ref.at("clipped")[0]), 1e-7, 1e-6) <= 1.0);
        CHECK(worst_error(b, tensor2(ref.at("clipped")[1]), 1e-7, 1e-6) <= 1.0);
    }
}

TEST_CASE("decoder-only models: loss, logits and every gradient match PyTorch",
          "[backward][reference]") {
    for (const char* name : {"decoder_only_post", "decoder_only_pre"}) {
        INFO(name);
        const auto& ref = training_reference().at(name);
        AnyModel any = load_weights(ref.at("weights").dump());
        auto& model = *std::get<std::unique_ptr<DecoderOnlyModel>>(any);
        const TokenBatch batch = batch_of(ref.at("ids"), ref.at("lengths"));
        const auto targets = flat_ints(ref.at("targets"));
        DecoderOnlyModel::Tape tape;
        const Tensor2 logits = model.forward_train(batch, ref.at("causal").get<bool>(), tape);
        const auto ce = cross_entropy(logits, targets, ref.at("label_smoothing").get<float>());
        CHECK(ce.counted == ref.at("counted").get<int>());
        CHECK(ce.loss == Approx(ref.at("loss").get<double>()).epsilon(1e-5));
        const auto& ref_logits = ref.at("logits");
        Tensor2 expected = Tensor2::from_shape(
            {static_cast<std::size_t>(rows(logits)), static_cast<std::size_t>(cols(logits))});
        std::size_t k = 0;
        for (const auto& example : ref_logits.at("data"))
            expected.data()[k++] = example.get<float>();
        CHECK(worst_error(logits, expected, 1e-5, 1e-4) <= 1.0);
        auto grad = zero_grad_model(model);
        model.backward(batch, tape, ce.d_logits, *grad);
        compare_grads(*grad, ref);
    }
}

TEST_CASE("encoder-decoder model with teacher forcing: every gradient matches PyTorch",
          "[backward][reference]") {
    const auto& ref = training_reference().at("encoder_decoder");
    AnyModel any = load_weights(ref.at("weights").dump());
    auto& model = *std::get<std::unique_ptr<EncoderDecoderModel>>(any);
    const TokenBatch src = batch_of(ref.at("src"), ref.at("src_lengths"));
    const TokenBatch tgt = batch_of(ref.at("tgt_in"), ref.at("tgt_lengths"));
    const auto targets = flat_ints(ref.at("targets"));
    EncoderDecoderModel::Tape tape;
    const auto ce = cross_entropy(model.forward_train(src, tgt, tape), targets,
                                  ref.at("label_smoothing").get<float>());
    CHECK(ce.counted == ref.at("counted").get<int>());
    CHECK(ce.loss == Approx(ref.at("loss").get<double>()).epsilon(1e-5));
    auto grad = zero_grad_model(model);
    model.backward(src, tgt, tape, ce.d_logits, *grad);
    compare_grads(*grad, ref);
}
