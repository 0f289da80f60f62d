from __future__ import annotations

import tomllib
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


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[occupations]]\nslug = "x"\nooh = "a/x"\n[fetsh]\nmax_attempts = 2\n', "unknown key 'fetsh'"),
        ('[[occupations]]\nslug = "x"\nooh = "a/x"\nsoc = "31-9092"\n', "occupations[0].soc"),
        ('[[occupations]]\nslug = "x"\nooh = 3\n', "occupations[0].ooh"),
        ('[[occupations]]\nslug = "x"\nooh = "a/x"\n[bls_api]\nstates = "06"\n', "[bls_api]: states = '06'"),
        ('[[occupations]]\nslug = "x"\nooh = "a/x"\n[fetch]\njitter = true\n', "[fetch]: jitter = True"),
    ],
)
def test_pydantic_errors_name_the_file_the_table_and_the_key(tmp_path, text, message):
    path = tmp_path / "laborstats.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value).startswith(f"{path}: ") and message in str(caught.value)


def test_the_shipped_file_names_no_source():
    """Sources come from the registry; the shipped file lists none, so adding a source leaves it alone."""
    shipped = tomllib.loads((REPO / "laborstats.toml").read_text(encoding="utf-8"))
    assert "sources" not in shipped and "urls" not in shipped
    assert load_config(REPO / "laborstats.toml").sources == DEFAULT_CONFIG.sources
