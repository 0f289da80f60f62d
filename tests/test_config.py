from __future__ import annotations

from pathlib import Path

import pytest

from extractors.occupations import OccupationError, select_occupations
from flows.config import DEFAULT_CONFIG, ConfigError, load_config

REPO = Path(__file__).resolve().parents[1]


def test_shipped_config_is_the_default():
    assert load_config(REPO / "laborstats.toml") == DEFAULT_CONFIG


def test_occupations_selected_by_slug_soc_or_path():
    config = DEFAULT_CONFIG
    assert [o.slug for o in select_occupations(config.occupations, ["31-9092"])] == ["medical-assistants"]
    assert [o.slug for o in select_occupations(config.occupations, ["43-6013"])] == [
        "secretaries-and-administrative-assistants"
    ]
    [dental] = select_occupations(config.occupations, ["healthcare/dental-assistants"])
    assert dental.ooh_path == "healthcare/dental-assistants"
    with pytest.raises(OccupationError, match="astronauts"):
        select_occupations(config.occupations, ["astronauts"])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('sources = ["bls-ooh"]\n', "no [[occupations]]"),
        ('[[occupations]]\nslug = "x"\n', "needs 'ooh'"),
        ('[[occupations]]\nslug = "x"\nooh = "a/x"\nsoc = ["319092"]\n', "not NN-NNNN"),
        ('sources = ["bls-oohh"]\n[[occupations]]\nslug = "x"\nooh = "a/x"\n', "unknown sources"),
        ("sources = [", "not valid TOML"),
    ],
)
def test_bad_config_names_the_file_and_the_problem(tmp_path, text, message):
    path = tmp_path / "laborstats.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(path) in str(caught.value) and message in str(caught.value)
