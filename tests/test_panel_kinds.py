"""The registry of panel kinds (w2vlib.panel_kinds): a new kind is one entry."""
import numpy as np
import pytest

from w2vlib.panel_kinds import PanelKind, get_kind, kind_names, register_kind, unregister_kind
from w2vlib.toy import toy_vocabulary
from w2vlib.update_step import update_step
from w2vlib.widget import update_step_panel



def not_blank(png):
    import io
    from matplotlib.image import imread
    img = imread(io.BytesIO(png), format="png")
    return img.shape[0] > 100 and float(img[..., :3].std()) > 0.05


def test_the_built_in_kinds_are_registered_in_order():
    assert kind_names()[:4] == ("naive", "outside", "negsamp", "skipgram")
    assert get_kind("outside").moved == "U" and get_kind("skipgram").controls == "window"
    assert get_kind("negsamp").uses_negatives({}) and not get_kind("naive").uses_negatives({})
    assert get_kind("skipgram").uses_negatives({"inner": "negsamp"})


def test_registering_twice_or_a_wrong_entry_is_refused():
    naive = get_kind("naive")
    with pytest.raises(ValueError, match="already registered"):
        register_kind(naive)
    register_kind(naive, replace=True)
    with pytest.raises(TypeError, match="PanelKind"):
        register_kind({"name": "dict"})
    with pytest.raises(ValueError, match="moved"):
        PanelKind(name="x", description="", setup=None, loss_and_grads=None, parts=None, title=None, moved="C")
    with pytest.raises(ValueError, match="kind must be one of"):
        get_kind("cbow-typo")


@pytest.fixture
def spring_kind():
    """A dummy kind, J = ½‖v_c − u_o‖², registered in one entry (no drawing of its own)."""
    from w2vlib.panel_kinds import Part, word_setup

    def loss_and_grads(s, v_c, U):
        diff = v_c - U[s.outside_idx[0]]
        g_U = np.zeros_like(U)
        g_U[s.outside_idx[0]] = -diff
        return 0.5 * float(diff @ diff), diff, g_U

    def parts(s, v_c, U, probs):
        return [Part("pull", -U[s.outside_idx[0]], "gradient term −u_o", "pull towards u_o: +η u_o",
                     "pull towards u_o: +η u_o", role="pull"),
                Part("spring", v_c.copy(), "gradient term +v_c", "shrink towards 0: −η v_c", "shrink: −η v_c")]

    register_kind(PanelKind(name="spring", description="a test kind", setup=lambda req: word_setup(req, "spring"),
                            loss_and_grads=loss_and_grads, parts=parts,
                            title=lambda s: f"spring: c = {s.center}, o = {s.outside}",
                            defaults=dict(center="cat", outside="dog")))
    yield "spring"
    unregister_kind("spring")


def test_a_kind_registered_in_one_entry_gets_a_working_panel(spring_kind):
    vocab = toy_vocabulary()
    r = update_step(spring_kind, vocab, "cat", "dog", 0.25)
    v_c, u_o = vocab.center_vectors[vocab.index("cat")], vocab.outside_vectors[vocab.index("dog")]
    np.testing.assert_allclose(r.grad, v_c - u_o)
    np.testing.assert_allclose(sum(r.parts.values()), r.grad)
    assert r.part_labels["spring"] == "gradient term +v_c" and r.title == "spring: c = cat, o = dog"
    panel = update_step_panel(spring_kind, lr=0.25)          # defaults from the entry: cat, dog
    png0 = panel.png
    assert not_blank(png0) and repr(panel).startswith("UpdateStepPanel(kind='spring', center='cat'")
    assert "K" not in panel.controls and "outside" in panel.controls
    panel.step(3)
    s = panel.state
    # v_c - u_o shrinks by (1 - lr) per step
    np.testing.assert_allclose(s["v_c"] - u_o, 0.75 ** 3 * (v_c - u_o), rtol=1e-12)
    assert s["steps"] == 3 and panel.png != png0 and not_blank(panel.png)
    panel.controls["outside"].value = "cat"
    assert panel.state["outside"] == "cat" and panel.state["steps"] == 0


def test_unknown_kind_lists_the_registered_ones():
    with pytest.raises(ValueError, match="'naive', 'outside', 'negsamp', 'skipgram'"):
        update_step("cbow-typo")


