// The training loop end to end: it learns, it is reproducible, it stops on divergence keeping
// the last good weights, and checkpoints round-trip (and corrupt ones change nothing).
#include <catch2/catch.hpp>
#include <iostream>

#include "attnlab/train/trainer.h"

using namespace attnlab;

namespace {

TrainOptions small(TaskKind task, ModelKind model) {
    TrainOptions o;
    o.task = task;
    o.model = model;
    o.length = 5;
    o.layer = {32, 2, 64, Activation::relu, false, false};
    o.layers = 1;
    o.batch = 32;
    o.schedule = {3e-3f, 20, 400, LrSchedule::Kind::constant};
    o.held_out = 200;
    o.seed = 3;
    return o;
}

}  // namespace

TEST_CASE("a small encoder-decoder learns the copy task", "[train]") {
    Trainer t(small(TaskKind::copy, ModelKind::encoder_decoder));
    const double before = t.evaluate(200, 0).exact_accuracy;
    const auto steps = t.train(400);
    const auto after = t.evaluate(200, 3);
    std::cout << "  copy task, 400 steps: loss " << steps.front().loss << " -> "
              << steps.back().loss << ", exact accuracy " << before << " -> "
              << after.exact_accuracy << ", token accuracy " << after.token_accuracy << "\n";
    CHECK(before < 0.05);
    CHECK(steps.back().loss < 0.25 * steps.front().loss);
    CHECK(after.exact_accuracy > 0.9);  // generous: it reaches ~1.0
    REQUIRE(after.examples.size() == 3);
    CHECK(after.examples[0].target.back() == kEnd);
}

TEST_CASE("a decoder-only model learns to reverse; without the causal mask it cannot generate",
          "[train]") {
    auto o = small(TaskKind::reverse, ModelKind::decoder_only);
    Trainer causal(o);
    causal.train(400);
    o.causal = false;
    Trainer leak(o);
    const auto leak_steps = leak.train(400);
    const auto good = causal.evaluate(200, 0);
    const auto bad = leak.evaluate(200, 0);
    std::cout << "  mask leak: training loss without the causal mask " << leak_steps.back().loss
              << "; exact accuracy with the mask " << good.exact_accuracy << ", without "
              << bad.exact_accuracy << "\n";
    CHECK(leak_steps.back().loss < 0.1);  // it copies the answer from the future
    CHECK(good.exact_accuracy > 0.9);
    CHECK(bad.exact_accuracy < good.exact_accuracy - 0.5);
}

TEST_CASE("same seed and options, same curve", "[train]") {
    auto o = small(TaskKind::sort, ModelKind::encoder_decoder);
    Trainer a(o), b(o);
    const auto ra = a.train(5);
    const auto rb = b.train(5);
    for (int i = 0; i < 5; ++i) CHECK(ra[i].loss == rb[i].loss);
    o.seed = 4;
    Trainer c(o);
    CHECK(c.train(5)[4].loss != ra[4].loss);
}

TEST_CASE("learning rate 10 diverges: the run stops, names the step and keeps good weights",
          "[train]") {
    auto o = small(TaskKind::reverse, ModelKind::encoder_decoder);
    o.schedule = {10.0f, 0, 100, LrSchedule::Kind::constant};
    o.clip = 0.0f;
    Trainer t(o);
    const auto steps = t.train(100);
    INFO(t.diverged());
    REQUIRE(!t.diverged().empty());
    CHECK(steps.size() < 100);
    CHECK(t.diverged().find("step " + std::to_string(steps.back().step)) == 0);
    CHECK(t.diverged().find("smaller learning rate") != std::string::npos);
    std::cout << "  " << t.diverged() << "\n";
    // The kept weights still give a finite evaluation; training again is refused.
    const auto ev = t.evaluate(20, 1);
    CHECK(ev.token_accuracy >= 0.0);
    CHECK_THROWS_WITH(t.train(1), Catch::Contains("diverged"));
    t.reset();
    CHECK(t.step() == 0);
    CHECK(t.diverged().empty());
}

TEST_CASE("checkpoints round-trip; corrupt or mismatched ones change nothing", "[train]") {
    auto o = small(TaskKind::reverse, ModelKind::encoder_decoder);
    Trainer a(o);
    a.train(30);
    const std::string saved = a.save_checkpoint();
    Trainer b(o);
    b.load_checkpoint(saved);
    CHECK(b.step() == 30);
    const auto pa = a.evaluate(50, 50);
    const auto pb = b.evaluate(50, 50);
    for (std::size_t i = 0; i < pa.examples.size(); ++i) {
        CHECK(pa.examples[i].predicted == pb.examples[i].predicted);
    }
    // Continuing from the checkpoint gives the same losses as continuing the original... except
    // for the batch stream, which a checkpoint does not carry; the optimizer state must match.
    CHECK(a.save_checkpoint() == b.save_checkpoint());

    Trainer c(o);
    const std::string before = c.save_checkpoint();
    CHECK_THROWS_WITH(c.load_checkpoint(saved.substr(0, saved.size() / 2)),
                      Catch::Contains("not valid JSON"));
    CHECK_THROWS_WITH(c.load_checkpoint("{\"format\": \"something else\"}"),
                      Catch::Contains("format"));
    std::string wrong = saved;
    wrong.replace(wrong.find("\"version\":1"), 11, "\"version\":9");
    CHECK_THROWS_WITH(c.load_checkpoint(wrong), Catch::Contains("version"));
    auto other = o;
    other.layer.d_model = 16;
    Trainer d(other);
    CHECK_THROWS_WITH(c.load_checkpoint(d.save_checkpoint()),
                      Catch::Contains("does not match this run's"));
    CHECK(c.save_checkpoint() == before);
}

TEST_CASE("learner data: pairs and text, with clear errors", "[train]") {
    auto o = small(TaskKind::pairs, ModelKind::encoder_decoder);
    o.pairs = "cat -> tac\ndog -> god\nsun -> nus\nabc -> cba\nxyz -> zyx\n";
    Trainer p(o);
    CHECK(p.task().held_out.size() == 1);
    CHECK(p.task().train.size() == 4);
    p.train(3);
    CHECK(p.predict("cat", 5).size() <= 5);
    CHECK_THROWS_WITH(p.predict("QQ", 5), Catch::Contains("'Q' is not in this task's vocabulary"));
    o.pairs = "cat -> tac\nno arrow here\n";
    CHECK_THROWS_WITH(Trainer(o), Catch::Contains("line 2"));
    auto t = small(TaskKind::text, ModelKind::encoder_decoder);
    t.text = "the cat sat on the mat. the dog sat on the log. 猫坐在垫子上。";
    t.context = 8;
    Trainer text(t);
    CHECK(text.config().kind == ModelKind::decoder_only);
    text.train(3);
    const auto ev = text.evaluate(1, 1);
    CHECK(std::isnan(ev.exact_accuracy));
    CHECK(text.predict("the ", 6).size() == 6);
}
