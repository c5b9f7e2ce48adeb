r"""The site's notation, once: every symbol, its meaning, shape, rnnmath name and Keras name.

The notation page renders these rows at build time (with
``docs_tools.tables.symbol_table``), and the tests check every page's math
against them, so a symbol means the same thing everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from rnnmath.layers import GRU, LAYERS, LSTM

_BLOCKS = ", ".join(f"{layer.blocks} ({layer.name})" for layer in LAYERS.values())


@dataclass(frozen=True)
class Symbol:
    tex: str        # as written in the pages' LaTeX
    meaning: str
    shape: str      # in the size letters below; "" for a size itself
    rnnmath: str    # the name in rnnmath's code or API ("" if none)
    keras: str      # the name in Keras ("" if none)


SIZES = [
    Symbol(r"n", "input features per step", "", "`Sizes.inputs`", "`input_shape[-1]`"),
    Symbol(r"k", "units (neurons) in the layer", "", "`Sizes.units`", "`units`"),
    Symbol(r"\beta", "sequences in a batch", "", "`Sizes.batch`", "batch size"),
    Symbol(r"T", "steps in a sequence", "", "`Sizes.steps`", "timesteps"),
    Symbol(r"g", f"gate blocks: {_BLOCKS}", "", "`layers.get(name).blocks`", ""),
    Symbol(r"m", "units of a Dense head on top of the recurrent layer", "", "", "`Dense(units)`"),
    Symbol(r"D", "directions: 2 for a bidirectional layer, else 1 (PyTorch's D)", "", "", "`Bidirectional`"),
    Symbol(r"N", "layers in one PyTorch module (PyTorch's `num_layers`, its L; L is the loss here)", "",
           "`num_layers`", ""),
    Symbol(r"p", "width of an LSTM's projected output (PyTorch's `proj_size`)", "", "`proj_size`", ""),
]

# The index letters, fixed once: each names one kind of thing on every page.
INDICES = [
    Symbol(r"t", "the step, 1 to T (t − 1 is the step before)", "", "`t`, `t - 1` in arrays",
           "`inputs[:, t-1]`"),
    Symbol(r"i", r"the sequence in the batch, 1 to β, a superscript in parentheses: $\vx_t^{(i)}$", "",
           "row `i - 1`", "`inputs[i-1]`"),
    Symbol(r"j", r"the unit (neuron) that computes, 1 to k: entry $(\vy_t)_j$, row j of $\hat W_x$, column j of "
           r"$W_x$", "", "column `j - 1`", "column `j - 1` of `kernel`"),
    Symbol(r"j'", r"a second unit, whose previous output unit j reads: entry $(\hat W_y)_{jj'}$", "", "",
           "row `j' - 1` of `recurrent_kernel`"),
    Symbol(r"l", r"the input feature, 1 to n: entry $(\vx_t)_l$, column l of $\hat W_x$", "", "",
           "`inputs[..., l-1]`, row `l - 1` of `kernel`"),
    Symbol(r"s, t'", "other steps, when a formula needs more than one: s where a weight is used, t' a step "
           "between s and t", "", "", ""),
]

SCALAR = [
    Symbol(r"x_t", "one neuron's input at step t", "scalar", "`x_t`", "`inputs[0, t-1, 0]`"),
    Symbol(r"y_t", "one neuron's output at step t", "scalar", "`y_prev`, return value", "output"),
    Symbol(r"w_x", "input weight", "scalar", "`w_x`", "`kernel[0, 0]`"),
    Symbol(r"w_y", "recurrent weight", "scalar", "`w_y`", "`recurrent_kernel[0, 0]`"),
    Symbol(r"b", "bias", "scalar", "`b`", "`bias[0]`"),
    Symbol(r"\phi", "activation, applied elementwise", "function", "`activation`", "`activation`"),
    Symbol(r"\sigma", "gate activation, applied elementwise", "function", "`recurrent_activation`",
           "`recurrent_activation`"),
]

SEQUENCE = [
    Symbol(r"\vx_t", "the input vector at step t (one sequence)", "n", "`x_t`", "`inputs[i-1, t-1]`"),
    Symbol(r"\vy_t", "the layer's output vector at step t", "k", "`y_prev`, return value", "output row"),
    Symbol(r"\hat W_x", "input weights, one row per neuron", "k × n", "`kernel.T`", "`kernel.T`"),
    Symbol(r"\hat W_y", "recurrent weights, one row per neuron", "k × k", "`recurrent_kernel.T`",
           "`recurrent_kernel.T`"),
    Symbol(r"\vb", "bias vector", "k", "`bias`", "`bias`"),
    Symbol(r"\hat W_h", "LSTM and GRU recurrent weights, one row per neuron and gate block (PyTorch's "
           "`weight_hh_l0`)", "gk × k", "`recurrent_kernel.T`", "`recurrent_kernel.T`"),
    Symbol(r"\vh_t, \vc_t, \tilde{\vh}_t, \tilde{\vc}_t", "one sequence's states and candidates, as "
           "columns: a row of H_t, C_t, the GRU's and the LSTM's candidate", "k", "", ""),
    Symbol(r"\mathbf i_t, \mathbf f_t, \mathbf o_t;\ \mathbf z_t, \mathbf r_t", "one sequence's gates, "
           "as columns: a row of I_t, F_t, O_t; Z_t, R_t", "k", "", ""),
    Symbol(r"\hat W_p", "an LSTM's projection (PyTorch's `weight_hr_l0`)", "p × k", "", ""),
]

BATCH = [
    Symbol(r"X_t", "the batch's inputs at step t, one row per sequence", "β × n", "`X_t`, `inputs[:, t-1]`",
           "`inputs[:, t-1, :]`"),
    Symbol(r"Y_t", "the batch's outputs at step t", "β × k", "`Y_t`", "`outputs[:, t-1, :]`"),
    Symbol(r"W_x", "kernel: input weights, one column per neuron and gate block", "n × gk", "`kernel`", "`kernel`"),
    Symbol(r"W_y", "SimpleRNN recurrent kernel", "k × k", "`recurrent_kernel`", "`recurrent_kernel`"),
    Symbol(r"W_h", "LSTM and GRU recurrent kernel", "k × gk", "`recurrent_kernel`", "`recurrent_kernel`"),
    Symbol(r"\vb", "bias, one entry per column of W_x, added to every row", "gk", "`bias`", "`bias`"),
    Symbol(r"W_{xi}, W_{hf}, \vb_o, \dots", "one gate block of W_x, W_h or the bias: the first subscript says what "
           "it multiplies (x: the input, h: the previous state), the second names the block "
           f"({', '.join(LSTM.gates)} for LSTM; {', '.join(GRU.gates)} for GRU, where c is the candidate; h never names a block)",
           "n × k, k × k, k", "`split_gates(...)`", "column blocks"),
    Symbol(r"H_t", "LSTM and GRU hidden state, which is also the output", "β × k", "`H`", "output, `state_h`"),
    Symbol(r"C_t", "LSTM cell state", "β × k", "`C`", "`state_c`"),
    Symbol(r"S_t", "a layer's state after step t, whatever the layer: Y_t (SimpleRNN), H_t (GRU), the pair "
           "H_t, C_t (LSTM)", "β × k", "`states`", "what `return_state` returns"),
    Symbol(r"I_t, F_t, O_t", "LSTM input, forget and output gates", "β × k", "`I`, `F`, `O`", "blocks i, f, o"),
    Symbol(r"\tilde C_t", "LSTM candidate cell", "β × k", "`C_tilde`", "block c"),
    Symbol(r"Z_t, R_t", "GRU update and reset gates", "β × k", "`Z`, `R`", "blocks z, r"),
    Symbol(r"\tilde H_t", "GRU candidate state", "β × k", "`H_tilde`", "block c"),
    Symbol(r"\vb_x, \vb_h", "GRU input and recurrent bias rows (`reset_after=True`); with `reset_after=False` "
           "the one bias is $\\vb_x$", "gk", "`b_x`, `b_h`", "`bias[0]`, `bias[1]`"),
    Symbol(r"\overrightarrow{H}_t, \overleftarrow{H}_t", "Bidirectional: the forward and the backward layer's "
           "output for step t", "β × k", "`Y_f`, `Y_b`", "the two halves of the output"),
    Symbol(r"W^{\text{Dense}}, \vb^{\text{Dense}}", "a Dense head's kernel and bias", "k × m, m", "`W`, `b`",
           "`kernel`, `bias`"),
    Symbol(r"\odot", "elementwise product", "", "`*`", ""),
]

GRADIENTS = [
    Symbol(r"L", "a loss computed from the outputs", "scalar", "", "the loss"),
    Symbol(r"a_t", "one neuron's pre-activation: the sum inside φ at step t", "scalar", "`a[t-1]`", ""),
    Symbol(r"e_t", "what L says about y_t directly (holding the later outputs fixed)", "scalar",
           "`output_gradients[t-1]`", ""),
    Symbol(r"\delta_t", "dL/dA_t for a batch (for one neuron, the scalar dL/da_t)", "β × k", "`delta`", ""),
    Symbol(r"\boldsymbol{\delta}_t", "dL/da_t for one sequence of a layer, a column", "k", "`delta[i]`", ""),
    Symbol(r"\mathbf{a}_t, \mathbf{e}_t", "one sequence's pre-activations, and what L says about its output "
           "directly, as columns; entry j is a_{t,j}, e_{t,j}", "k", "", ""),
    Symbol(r"\frac{\partial a_t}{\partial w_y}", "immediate derivative: how a_t changes with w_y when everything "
           "else it reads (y_{t−1} too) is held fixed", "scalar", "", ""),
    Symbol(r"\frac{\mathrm{d} y_t}{\mathrm{d} w_y}", "total derivative: how y_t changes with w_y through every path, y_{t−1} "
           "included", "scalar", "", ""),
    Symbol(r"A_t", "pre-activations: the sums inside φ and σ at step t, the gate blocks side by side as in W_x",
           "β × gk", "`A_t`, `A`", ""),
    Symbol(r"A^i_t, A^f_t, A^c_t, A^o_t;\ A^z_t, A^r_t, A^c_t", "the gate blocks of A_t: each gate's "
           f"pre-activation (LSTM: {', '.join(LSTM.gates)}; GRU: {', '.join(GRU.gates[:-1])} and the candidate "
           f"{GRU.gates[-1]})", "β × k", "`A_i`, …, `A_zr`, `A_c`", ""),
    Symbol(r"[\,P\;\;Q\,]", "blocks side by side, in the order of the columns of W_x", "",
           "`np.concatenate([P, Q], axis=1)`", ""),
    Symbol(r"E_t", "what L says about the output at step t directly (the upstream gradient), not through later "
           "steps", "β × k", "`output_gradients[:, t-1]`", "upstream gradient"),
    Symbol(r"\overline{W_y}, \overline{C_t}, \dots", "the gradient (total derivative) of L with respect to the "
           "array under the bar: $\\overline{W_y} = \\mathrm{d}L/\\mathrm{d}W_y$; it has that array's shape", "",
           "`grads[\"kernel\"]`, `dC`", "`tape.gradient(L, W)`"),
    Symbol(r"\phi', \sigma'", "derivatives of the activations, elementwise", "function",
           "`derivatives.get(name)`", ""),
    Symbol(r"\rho(W)", "spectral radius of a square matrix: its largest eigenvalue in absolute value", "scalar",
           "", ""),
]

# Training: what turns characters into a loss, and a gradient into an update.
TRAINING = [
    Symbol(r"V", "distinct characters (the vocabulary); a language model's Dense head has m = V units", "",
           "`vocab_size`", "`input_dim`, `Dense(V)`"),
    Symbol(r"q^{(i)}_t", "the id of sequence i's character at step t, an integer from 0 to V − 1", "scalar",
           "`ids[i-1, t-1]`, `targets`", "`y_true`"),
    Symbol(r"W^{\text{Emb}}", "the embedding: row q is the input vector of character q", "V × n", "`embeddings`",
           "`Embedding(...).embeddings`"),
    Symbol(r"\mathbf{a}^{(i)}_t", "the head's logits for sequence i at step t, a row of $A^{\\text{Dense}}_t$", "m",
           "`logits[i-1, t-1]`", "`y_pred`"),
    Symbol(r"\ell^{(i)}_t", "the cross-entropy of sequence i at step t", "scalar", "", ""),
    Symbol(r"M^{(i)}_t", "the mask: 1 if step t of sequence i counts, 0 if not", "β × T", "`mask`",
           "`mask`, `ignore_index`"),
    Symbol(r"\omega^{(i)}_t", "the weight of $\\ell^{(i)}_t$ in the loss, $L = \\sum \\omega^{(i)}_t \\ell^{(i)}_t$, "
           "set by the reduction", "β × T", "`reduction_weights(...)`", "`reduction`"),
    Symbol(r"K", "steps in one chunk of truncated BPTT, where T counts the steps of the whole stream", "",
           "`steps`", "the model's timesteps"),
    Symbol(r"\tau", "sampling temperature", "scalar", "`temperature`", ""),
    Symbol(r"\theta", "one weight array being trained, any shape", "", "`params[name]`", "a variable"),
    Symbol(r"u", "the optimizer's update number, 1, 2, …, counted apart from the step t", "", "`state[\"step\"]`",
           "`optimizer.iterations + 1`"),
    Symbol(r"g_u", "the gradient $\\overline{\\theta}$ that update u uses, shaped like θ", "", "`grads[name]`", ""),
    Symbol(r"\eta", "learning rate", "scalar", "`learning_rate`, `lr`", "`learning_rate`"),
    Symbol(r"\mu", "momentum", "scalar", "`momentum`", "`momentum`"),
    Symbol(r"\zeta", "torch's dampening of momentum", "scalar", "`dampening`", ""),
    Symbol(r"\mathbf{m}_u, \mathbf{v}_u", "Adam's running means of g and of $g^2$ (Kingma & Ba's names); for "
           "SGD, $\\mathbf{m}_u$ is Keras's velocity. Shaped like θ", "", "`state[\"m\"]`, `state[\"v\"]`",
           "`momentums`, `velocities`"),
    Symbol(r"\boldsymbol{\nu}_u", "torch's momentum buffer, shaped like θ", "", "`state[\"momentum_buffer\"]`", ""),
    Symbol(r"\beta_1, \beta_2", "Adam's decay rates for $\\mathbf{m}$ and $\\mathbf{v}$ (Kingma & Ba's names; "
           "β alone is the batch size)", "scalar", "`beta_1`, `betas`", "`beta_1`, `beta_2`"),
    Symbol(r"\varepsilon", "Adam's guard against dividing by zero", "scalar", "`epsilon`, `eps`", "`epsilon`"),
    Symbol(r"\lambda", "clipping threshold", "scalar", "`clipnorm`, `max_norm`", "`clipnorm`, `global_clipnorm`"),
    Symbol(r"\|g\|_{\text{all}}", "the norm of all the gradient arrays at once, $\\sqrt{\\sum_\\theta \\|g_\\theta\\|^2}$",
           "scalar", "`global_norm(grads)`", ""),
]

TABLES = {"Indices": INDICES, "Sizes": SIZES, "One neuron": SCALAR, "One sequence, column form": SEQUENCE,
          "A batch, row form (as Keras stores the weights)": BATCH, "Gradients": GRADIENTS,
          "Training": TRAINING}
