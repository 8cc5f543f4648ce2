"""The pure tree code against the published RFC 6962 test vectors and a literal reading of RFC 9162."""

import hashlib

import pytest

from ledger import merkle

# The Certificate Transparency reference leaves and the root for each tree size 0..8, as published by
# google/certificate-transparency and transparency-dev/merkle (testonly/constants.go).
REFERENCE_LEAVES = [
    "",
    "00",
    "10",
    "2021",
    "3031",
    "40414243",
    "5051525354555657",
    "606162636465666768696a6b6c6d6e6f",
]
REFERENCE_ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
# Published audit paths (transparency-dev/merkle proof/verify_test.go; leaf indices there start at 1).
REFERENCE_INCLUSION = [
    (0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (1, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
    (0, 1, []),
]  # fmt: skip
REFERENCE_CONSISTENCY = [
    (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
    (6, 7, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (1, 1, []),
]  # fmt: skip

REFERENCE_HASHES = [merkle.leaf_hash(bytes.fromhex(leaf)) for leaf in REFERENCE_LEAVES]


def hexes(hashes):
    return [h.hex() for h in hashes]


# A literal transcription of RFC 9162 2.1.1, 2.1.3.1 and 2.1.4.1, to check the fast code against.
def rfc_mth(leaves):
    n = len(leaves)
    if n == 0:
        return hashlib.sha256(b"").digest()
    if n == 1:
        return merkle.leaf_hash(leaves[0])
    k = merkle.split(n)
    return hashlib.sha256(b"\x01" + rfc_mth(leaves[:k]) + rfc_mth(leaves[k:])).digest()


def rfc_path(m, leaves):
    n = len(leaves)
    if n == 1:
        return []
    k = merkle.split(n)
    if m < k:
        return [*rfc_path(m, leaves[:k]), rfc_mth(leaves[k:])]
    return [*rfc_path(m - k, leaves[k:]), rfc_mth(leaves[:k])]


def rfc_subproof(m, leaves, whole):
    n = len(leaves)
    if m == n:
        return [] if whole else [rfc_mth(leaves)]
    k = merkle.split(n)
    if m <= k:
        return [*rfc_subproof(m, leaves[:k], whole), rfc_mth(leaves[k:])]
    return [*rfc_subproof(m - k, leaves[k:], False), rfc_mth(leaves[:k])]


def test_empty_tree_is_the_hash_of_the_empty_string():
    assert merkle.root([]).hex() == REFERENCE_ROOTS[0]
    assert merkle.MemoryTree().root().hex() == REFERENCE_ROOTS[0]


@pytest.mark.parametrize("size", range(len(REFERENCE_ROOTS)))
def test_roots_match_the_published_reference_for_every_size(size):
    leaves = [bytes.fromhex(leaf) for leaf in REFERENCE_LEAVES[:size]]
    assert merkle.root_of_leaves(leaves).hex() == REFERENCE_ROOTS[size]
    assert merkle.MemoryTree(REFERENCE_HASHES[:size]).root().hex() == REFERENCE_ROOTS[size]
    frontier = merkle.Frontier()
    for leaf in REFERENCE_HASHES[:size]:
        frontier.append(leaf)
    assert frontier.root().hex() == REFERENCE_ROOTS[size]


def test_leaf_and_node_hashes_use_the_domain_prefixes():
    assert merkle.leaf_hash(b"").hex() == REFERENCE_ROOTS[1]
    assert merkle.node_hash(REFERENCE_HASHES[0], REFERENCE_HASHES[1]).hex() == REFERENCE_ROOTS[2]
    # Without the prefixes the same inputs would give plain SHA-256 digests.
    assert merkle.leaf_hash(b"") != hashlib.sha256(b"").digest()


@pytest.mark.parametrize(("index", "size", "path"), REFERENCE_INCLUSION)
def test_audit_paths_match_the_published_reference(index, size, path):
    tree = merkle.MemoryTree(REFERENCE_HASHES)
    assert hexes(tree.inclusion_proof(index, size)) == path
    proof = [bytes.fromhex(h) for h in path]
    root = bytes.fromhex(REFERENCE_ROOTS[size])
    assert merkle.verify_inclusion(REFERENCE_HASHES[index], index, size, proof, root)


@pytest.mark.parametrize(("old", "new", "path"), REFERENCE_CONSISTENCY)
def test_consistency_proofs_match_the_published_reference(old, new, path):
    tree = merkle.MemoryTree(REFERENCE_HASHES)
    assert hexes(tree.consistency_proof(old, new)) == path
    proof = [bytes.fromhex(h) for h in path]
    old_root, new_root = (bytes.fromhex(REFERENCE_ROOTS[s]) for s in (old, new))
    assert merkle.verify_consistency(old, new, old_root, new_root, proof)


LEAVES_64 = [f"leaf {i}".encode() for i in range(64)]
HASHES_64 = [merkle.leaf_hash(leaf) for leaf in LEAVES_64]
TREE_64 = merkle.MemoryTree(HASHES_64)


def tampered_inclusions(leaf, index, size, proof, root):
    """Every way the published verifier tests bend an audit path, each of which must fail."""
    other = hashlib.sha256(b"some other hash").digest()
    yield leaf, index + 1, size, proof, root
    yield leaf, index - 1, size, proof, root
    yield leaf, index ^ 2, size, proof, root
    yield leaf, index, size * 2, proof, root
    yield leaf, index, size // 2, proof, root
    yield other, index, size, proof, root
    yield leaf, index, size, proof, other
    yield leaf, index, size, proof, merkle.EMPTY_ROOT
    yield leaf, index, size, [*proof, root], root
    yield leaf, index, size, [root, *proof], root
    for i in range(len(proof)):
        flipped = bytearray(proof[i])
        flipped[0] ^= 8
        yield leaf, index, size, [*proof[:i], bytes(flipped), *proof[i + 1 :]], root
    if proof:
        yield leaf, index, size, proof[:-1], root
    if len(proof) > 1:
        yield leaf, index, size, [proof[0], other, *proof[1:]], root


@pytest.mark.parametrize("size", range(1, 65))
def test_every_inclusion_proof_up_to_64_leaves_verifies_and_no_tampered_one_does(size):
    root = TREE_64.root(size)
    assert root == rfc_mth(LEAVES_64[:size])
    for index in range(size):
        proof = TREE_64.inclusion_proof(index, size)
        assert proof == rfc_path(index, LEAVES_64[:size])
        assert merkle.verify_inclusion(HASHES_64[index], index, size, proof, root)
        for probe in tampered_inclusions(HASHES_64[index], index, size, proof, root):
            assert not merkle.verify_inclusion(*probe), (index, size)


def tampered_consistencies(old, new, old_root, new_root, proof):
    other = hashlib.sha256(b"some other hash").digest()
    yield old - 1, new, old_root, new_root, proof
    yield old + 1, new, old_root, new_root, proof
    yield old ^ 2, new, old_root, new_root, proof
    yield old, new * 2, old_root, new_root, proof
    yield old, new // 2, old_root, new_root, proof
    yield old, new, other, new_root, proof
    yield old, new, old_root, other, proof
    yield old, new, new_root, old_root, proof
    yield old, new, old_root, new_root, []
    yield old, new, old_root, new_root, [*proof, old_root]
    yield old, new, old_root, new_root, [*proof, new_root]
    yield old, new, old_root, new_root, [old_root, *proof]
    yield old, new, old_root, new_root, [new_root, *proof]
    yield old, new, old_root, new_root, [proof[0], *proof]
    yield old, new, old_root, new_root, proof[:-1]
    for i in range(len(proof)):
        flipped = bytearray(proof[i])
        flipped[0] ^= 16
        yield old, new, old_root, new_root, [*proof[:i], bytes(flipped), *proof[i + 1 :]]


@pytest.mark.parametrize("new", range(1, 65))
def test_every_consistency_proof_up_to_64_leaves_verifies_and_no_tampered_one_does(new):
    new_root = TREE_64.root(new)
    for old in range(0, new + 1):
        old_root = TREE_64.root(old)
        proof = TREE_64.consistency_proof(old, new)
        if 0 < old < new:
            assert proof == rfc_subproof(old, LEAVES_64[:new], True)
        assert merkle.verify_consistency(old, new, old_root, new_root, proof), (old, new)
        if not proof:
            continue
        for probe in tampered_consistencies(old, new, old_root, new_root, proof):
            assert not merkle.verify_consistency(*probe), (old, new)


def test_trivial_consistency_needs_an_empty_proof_and_matching_roots():
    one = TREE_64.root(1)
    assert merkle.verify_consistency(0, 5, merkle.EMPTY_ROOT, TREE_64.root(5), [])
    assert not merkle.verify_consistency(0, 5, one, TREE_64.root(5), [])
    assert merkle.verify_consistency(3, 3, TREE_64.root(3), TREE_64.root(3), [])
    assert not merkle.verify_consistency(3, 3, TREE_64.root(3), TREE_64.root(4), [])
    assert not merkle.verify_consistency(3, 3, TREE_64.root(3), TREE_64.root(3), [one])
    assert not merkle.verify_consistency(4, 3, TREE_64.root(4), TREE_64.root(3), [one])


def test_proofs_outside_the_tree_are_refused():
    with pytest.raises(ValueError):
        TREE_64.inclusion_proof(5, 5)
    with pytest.raises(ValueError):
        TREE_64.consistency_proof(6, 5)
    with pytest.raises(ValueError):
        TREE_64.root(65)
    assert not merkle.verify_inclusion(HASHES_64[0], 0, 0, [], merkle.EMPTY_ROOT)
    assert not merkle.verify_inclusion(b"short", 0, 1, [], b"short")


def test_frontier_returns_the_subtrees_each_leaf_completes():
    frontier = merkle.Frontier()
    completed = [frontier.append(leaf) for leaf in HASHES_64[:8]]
    assert [len(c) for c in completed] == [0, 1, 0, 2, 0, 1, 0, 3]
    assert completed[7] == [TREE_64.levels[1][3], TREE_64.levels[2][1], TREE_64.levels[3][0]]
    again = merkle.Frontier.from_bytes(frontier.size, frontier.to_bytes())
    again.append(HASHES_64[8])
    assert again.root() == TREE_64.root(9)
    with pytest.raises(ValueError):
        merkle.Frontier(3, [HASHES_64[0]])


def test_roots_at_many_sizes_in_one_pass():
    sizes = [0, 1, 7, 8, 33, 64]
    found = merkle.roots_at(iter(HASHES_64), sizes)
    assert found == {size: rfc_mth(LEAVES_64[:size]) for size in sizes}


@pytest.mark.parametrize(("start", "end", "keys"), [
    (0, 8, [(3, 0)]), (0, 7, [(2, 0), (1, 2), (0, 6)]), (4, 7, [(1, 2), (0, 6)]),
    (8, 13, [(2, 2), (0, 12)]), (5, 6, [(0, 5)]),
])  # fmt: skip
def test_ranges_decompose_into_aligned_perfect_subtrees(start, end, keys):
    assert merkle.subtrees(start, end) == keys


def test_leaves_verify_against_their_signed_roots_and_tampering_fails():
    expected = {8: TREE_64.root(8), 64: TREE_64.root(64)}
    assert merkle.verify_leaves(iter(LEAVES_64), expected)
    assert not merkle.verify_leaves([*LEAVES_64[:5], b"forged", *LEAVES_64[6:]], expected)
    assert not merkle.verify_leaves(LEAVES_64[:63], expected)
    assert not merkle.verify_leaves([LEAVES_64[1], LEAVES_64[0], *LEAVES_64[2:]], expected)
