// make_seeds: writes the generated seed files of the fuzz corpus from the core's own writers
// (save_weights, Trainer::save_checkpoint), so the seeds are real files of the current format.
// The hand-written edge cases next to them are committed as they are.
//
//     ./build/fuzz/tests/fuzz/fuzz_make_seeds tests/fuzz/corpus
#include <fstream>
#include <iostream>
#include <string>

#include "attnlab/io/weights_json.h"
#include "attnlab/rng.h"
#include "fuzz_common.h"

using namespace attnlab;

namespace {

void write(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (!out) throw Error("cannot write " + path);
    std::cout << path << ": " << text.size() << " bytes\n";
}

// A tiny model of each kind, so a seed is a few KB and mutations reach every field quickly.
TransformerConfig tiny(ModelKind kind, Positional positional, bool norm_first, Activation act) {
    TransformerConfig c;
    c.kind = kind;
    c.layer = {4, 2, 4, act, norm_first, positional == Positional::rope};
    c.layers = 1;
    c.positional = positional;
    c.max_len = 3;
    c.vocab = {"<begin>", "<end>", "a", "\xe7\x8c\xab"};  // "猫": a multi-byte token
    return c;
}

template <class Model>
std::string saved(const TransformerConfig& config) {
    Model model(config);
    Rng rng(7);
    model.init(rng);
    return save_weights(model);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: fuzz_make_seeds <corpus dir>\n";
        return 2;
    }
    const std::string dir = argv[1];
    write(dir + "/weights_json/decoder_learned.json",
          saved<DecoderOnlyModel>(
              tiny(ModelKind::decoder_only, Positional::learned, false, Activation::relu)));
    write(dir + "/weights_json/decoder_rope_prenorm.json",
          saved<DecoderOnlyModel>(
              tiny(ModelKind::decoder_only, Positional::rope, true, Activation::gelu)));
    write(dir + "/weights_json/encoder_decoder_sinusoidal.json",
          saved<EncoderDecoderModel>(
              tiny(ModelKind::encoder_decoder, Positional::sinusoidal, false, Activation::relu)));

    Trainer run(fuzz::checkpoint_run_options());
    write(dir + "/checkpoint/step0.json", run.save_checkpoint());  // Adam state still empty
    run.train(1);
    write(dir + "/checkpoint/step1.json", run.save_checkpoint());
    return 0;
}
