"""Shared fixtures for the library tests."""
import random
import warnings

import numpy as np
import pytest


@pytest.fixture
def strict_numerics():
    """Turn floating-point overflow, invalid operations and division by zero into errors."""
    with np.errstate(over="raise", invalid="raise", divide="raise"), warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


class ListSampler:
    """A dataset whose sample_token_idx() returns a fixed list of indices, in order, cycling."""

    def __init__(self, draws):
        self.draws = list(draws)
        self.calls = 0

    def sample_token_idx(self):
        idx = self.draws[self.calls % len(self.draws)]
        self.calls += 1
        return idx


class RandomSampler:
    """A dataset drawing uniformly from range(V) through Python's random, like the course's dummy."""

    def __init__(self, V):
        self.V = V

    def sample_token_idx(self):
        return random.randint(0, self.V - 1)


@pytest.fixture
def rng():
    return np.random.default_rng(1234)
