"""sgd: the course's behaviour, and checkpoints that are safe and resume exactly."""
import importlib
import os
import random

import numpy as np
import pytest

from w2vlib import sgd
from w2vlib.sgd import RowSparseGrad, checkpoint_path, latest_checkpoint, load_checkpoint, save_checkpoint

sgd_module = importlib.import_module("w2vlib.sgd")   # `w2vlib.sgd` the attribute is the function


def quad(x):
    return float(np.sum(x ** 2)), 2 * x


@pytest.mark.parametrize("x0", [0.5, 0.0, -1.5])
def test_course_quadratic_sanity_check(x0, capsys):
    x = sgd(quad, np.array(x0), 0.01, 1000, print_every=100)
    assert abs(float(x)) <= 1e-6
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 10 and out[0].startswith("iter 100: ")


def test_quiet_run_keeps_the_loss_average_in_its_checkpoints(tmp_path, capsys):
    sgd(quad, np.array([1.0, -2.0]), 0.01, 20, checkpoint_dir=tmp_path / "loud", save_every=20, print_every=5)
    loud = capsys.readouterr().out
    sgd(quad, np.array([1.0, -2.0]), 0.01, 20, checkpoint_dir=tmp_path / "quiet", save_every=20, print_every=5,
        verbose=False)
    assert loud.count("iter ") == 4 and capsys.readouterr().out == ""
    average = load_checkpoint(checkpoint_path(tmp_path / "quiet", 20))["exploss"]
    assert average is not None and average == load_checkpoint(checkpoint_path(tmp_path / "loud", 20))["exploss"]


def test_step_is_halved_every_anneal_every():
    seen = []
    sgd(lambda x: (0.0, np.ones_like(x)), np.zeros(1), 1.0, 7, anneal_every=3, print_every=None,
        callback=lambda it, loss, x: seen.append(float(x[0])))
    steps = -np.diff([0.0] + seen)
    assert np.allclose(steps, [1, 1, 1, 0.5, 0.5, 0.5, 0.25])


def test_x0_is_not_modified():
    x0 = np.ones(3)
    sgd(quad, x0, 0.1, 5, print_every=None)
    assert np.array_equal(x0, np.ones(3))


def stochastic(x):
    """A gradient that depends on both random streams, as word2vec's does."""
    noise = np.array([random.gauss(0, 1) for _ in range(x.size)]).reshape(x.shape)
    noise += np.random.standard_normal(x.shape)
    return float(np.sum(x ** 2)), 2 * x + 0.1 * noise


def seed_all():
    random.seed(11)
    np.random.seed(12)


class Killed(Exception):
    pass


def test_kill_and_resume_equals_uninterrupted_bit_for_bit(tmp_path):
    x0 = np.linspace(-1, 1, 6).reshape(2, 3)
    seed_all()
    full = sgd(stochastic, x0, 0.1, 30, checkpoint_dir=tmp_path / "full", save_every=7, anneal_every=10,
               print_every=None)

    def dies_at_17(x, calls=[0]):
        calls[0] += 1
        if calls[0] == 17:
            raise Killed
        return stochastic(x)
    seed_all()
    with pytest.raises(Killed):
        sgd(dies_at_17, x0, 0.1, 30, checkpoint_dir=tmp_path / "resumed", save_every=7, anneal_every=10,
            print_every=None)
    assert latest_checkpoint(tmp_path / "resumed").name == "saved_params_14.npz"
    random.seed(999)               # the resumed run must not depend on the state it starts in
    np.random.seed(999)
    resumed = sgd(stochastic, x0, 0.1, 30, checkpoint_dir=tmp_path / "resumed", save_every=7,
                  anneal_every=10, print_every=None)
    assert np.array_equal(resumed, full)
    for it in (21, 28):
        a = load_checkpoint(checkpoint_path(tmp_path / "full", it))
        b = load_checkpoint(checkpoint_path(tmp_path / "resumed", it))
        assert np.array_equal(a["params"], b["params"]) and a["step"] == b["step"] == 0.1 * 0.5 ** (it // 10)


def test_resume_uses_the_stored_step_not_a_fractional_anneal(tmp_path):
    seed_all()
    sgd(quad, np.ones(2), 0.2, 15, checkpoint_dir=tmp_path, save_every=5, anneal_every=10, print_every=None)
    assert load_checkpoint(checkpoint_path(tmp_path, 15))["step"] == 0.1   # not 0.2 * 0.5 ** 1.5


def test_checkpoint_round_trip_holds_everything(tmp_path):
    seed_all()
    random.gauss(0, 1)             # leaves a cached gauss_next in Python's state
    np.random.standard_normal()
    path = tmp_path / "c.npz"
    save_checkpoint(path, np.arange(6.0).reshape(3, 2), 42, 0.125, exploss=3.5)
    ck = load_checkpoint(path, expected_shape=(3, 2))
    assert ck["iteration"] == 42 and ck["step"] == 0.125 and ck["exploss"] == 3.5
    assert ck["random_state"] == random.getstate()
    np_state = np.random.get_state()
    assert np.array_equal(ck["np_random_state"][1], np_state[1]) and ck["np_random_state"][2:] == np_state[2:]


def test_truncated_checkpoint_is_refused(tmp_path):
    path = tmp_path / "saved_params_5.npz"
    save_checkpoint(path, np.ones((2, 2)), 5, 0.1)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ValueError, match="saved_params_5.npz is unreadable"):
        sgd(quad, np.ones((2, 2)), 0.1, 10, checkpoint_dir=tmp_path, print_every=None)


def test_checkpoint_of_another_shape_is_refused(tmp_path):
    save_checkpoint(tmp_path / "saved_params_5.npz", np.ones((3, 2)), 5, 0.1)
    with pytest.raises(ValueError, match=r"shape \(3, 2\).*shape \(2, 2\)"):
        sgd(quad, np.ones((2, 2)), 0.1, 10, checkpoint_dir=tmp_path, print_every=None)


def test_foreign_npz_and_pickles_are_refused(tmp_path):
    np.savez(tmp_path / "saved_params_5.npz", params=np.ones(2))
    with pytest.raises(ValueError, match="not a w2vlib checkpoint"):
        load_checkpoint(tmp_path / "saved_params_5.npz")
    arrays = {k: np.asarray(v) for k, v in np.load(_good(tmp_path)).items()}
    arrays["params"] = np.array([{"evil": 1}], dtype=object)
    np.savez(tmp_path / "obj.npz", **arrays)
    with pytest.raises(ValueError, match="unreadable"):
        load_checkpoint(tmp_path / "obj.npz")


def _good(tmp_path):
    path = tmp_path / "good.npz"
    save_checkpoint(path, np.ones(2), 1, 0.1)
    return path


def test_a_failed_write_leaves_the_old_checkpoint_and_no_temp_file(tmp_path, monkeypatch):
    path = tmp_path / "saved_params_5.npz"
    save_checkpoint(path, np.ones(2), 5, 0.1)
    before = path.read_bytes()

    def broken_savez(fh, **arrays):
        fh.write(b"half a zip")
        raise OSError("disk full")
    monkeypatch.setattr(sgd_module.np, "savez", broken_savez)
    with pytest.raises(OSError, match="disk full"):
        save_checkpoint(path, np.zeros(2), 5, 0.1)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["saved_params_5.npz"]


def test_a_crashing_run_overwrites_nothing(tmp_path):
    seed_all()
    sgd(quad, np.ones(2), 0.1, 10, checkpoint_dir=tmp_path, save_every=5, print_every=None)
    saved = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def crash(x):
        raise Killed
    with pytest.raises(Killed):
        sgd(crash, np.ones(2), 0.1, 20, checkpoint_dir=tmp_path, save_every=5, print_every=None)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == saved


@pytest.mark.parametrize("kwargs, match", [
    (dict(step=0.0), "step must be a positive"), (dict(step=np.nan), "step must be a positive"),
    (dict(iterations=-1), "iterations must be"), (dict(x0=np.array([np.nan])), "non-finite"),
    (dict(save_every=0), "save_every must be at least 1"),
])
def test_bad_arguments(kwargs, match):
    args = dict(f=quad, x0=np.ones(1), step=0.1, iterations=3, print_every=None)
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        sgd(**args)


def test_gradient_of_the_wrong_shape_is_refused():
    with pytest.raises(ValueError, match="gradient of shape"):
        sgd(lambda x: (0.0, np.ones(3)), np.ones(2), 0.1, 1, print_every=None)


# ---- sgd with a row-sparse gradient ----------------------------------------------------------
def test_sgd_row_sparse_update_equals_the_dense_one():
    rng = np.random.default_rng(4)
    x0 = rng.normal(size=(20, 3))
    rows = np.array([1, 4, 5, 17])

    def values(x):
        return np.sin(x[rows]) + 0.1

    def f_sparse(x):
        return 0.0, RowSparseGrad(rows, values(x))

    def f_dense(x):
        g = np.zeros_like(x)
        g[rows] = values(x)
        return 0.0, g
    a = sgd(f_sparse, x0, 0.3, 7, anneal_every=3, print_every=None)
    b = sgd(f_dense, x0, 0.3, 7, anneal_every=3, print_every=None)
    assert np.array_equal(a, b) and not np.array_equal(a, x0)


@pytest.mark.parametrize("grad, match", [
    (RowSparseGrad(np.array([1, 1]), np.ones((2, 3))), "unique"),
    (RowSparseGrad(np.array([0, 20]), np.ones((2, 3))), r"\[0, 20\)"),
    (RowSparseGrad(np.array([0, 2]), np.ones((2, 4))), "shape"),
    (RowSparseGrad(np.array([0.0, 2.0]), np.ones((2, 3))), "integer"),
])
def test_sgd_rejects_bad_row_sparse_gradients(grad, match):
    with pytest.raises(ValueError, match=match):
        sgd(lambda x: (0.0, grad), np.zeros((20, 3)), 0.1, 1, print_every=None)
