#!/usr/bin/env python3
"""One-off generator for mooring-chain's chain-parameter files. NOT part of the build.

It was run once to write the committed files
  src/main/resources/io/mooring/chain/{main,testnet3,testnet4,signet,regtest}.json
from the team's shared vectors (chainparams.json and Core's contrib/seeds/nodes_*.txt), and
  src/test/resources/io/mooring/chain/mooringtest.{json,toml}
a custom example chain whose genesis block it mines (regtest-like difficulty).
Base58 prefixes are Bitcoin Core's (src/kernel/chainparams.cpp). Usage:
  python3 generate_chain_files.py /path/to/shared/vectors
"""
import base64
import hashlib
import json
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
MAIN_RES = os.path.join(HERE, "..", "src", "main", "resources", "io", "mooring", "chain")
TEST_RES = os.path.join(HERE, "..", "src", "test", "resources", "io", "mooring", "chain")

# network key in chainparams.json -> (Core chain name, data dir, seed file, base58 prefixes)
MAIN_B58 = {"pubkeyAddress": "00", "scriptAddress": "05", "secretKey": "80",
            "extPublicKey": "0488b21e", "extSecretKey": "0488ade4"}
TEST_B58 = {"pubkeyAddress": "6f", "scriptAddress": "c4", "secretKey": "ef",
            "extPublicKey": "043587cf", "extSecretKey": "04358394"}
NETS = {
    "main": ("main", "", "nodes_main.txt", MAIN_B58),
    "testnet3": ("test", "testnet3", "nodes_test.txt", TEST_B58),
    "testnet4": ("testnet4", "testnet4", "nodes_testnet4.txt", TEST_B58),
    "signet": ("signet", "signet", "nodes_signet.txt", TEST_B58),
    "regtest": ("regtest", "regtest", None, TEST_B58),
}


def sha256d(b):
    return hashlib.sha256(hashlib.sha256(b).digest()).digest()


def read_seeds(path):
    out = []
    for line in open(path, encoding="ascii"):
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out


def chain_file(vectors, key):
    name, datadir, seedfile, b58 = NETS[key]
    n = json.load(open(os.path.join(vectors, "chainparams", "chainparams.json")))["networks"][key]
    dep = n["buried_deployments"]
    deployments = {
        "bip34Height": dep["bip34_height"],
        "bip65Height": dep["bip65_height"],
        "bip66Height": dep["bip66_height"],
        "csvHeight": dep["csv_height"],
        "segwitHeight": dep["segwit_height"],
    }
    if "bip34_hash" in dep:
        deployments["bip34Hash"] = dep["bip34_hash"]
    assume_valid = n["default_assume_valid"]
    out = {
        "schemaVersion": 1,
        "id": name,
        "dataDirName": datadir,
        "magic": n["message_start_hex"],
        "defaultPort": n["default_port"],
        "genesis": {"hash": n["genesis"]["hash"], "block": n["genesis"]["block_hex"]},
        "consensus": {
            "pow": {
                "limit": n["pow_limit"],
                "targetSpacing": n["retarget"]["target_spacing_s"],
                "targetTimespan": n["retarget"]["target_timespan_s"],
                "allowMinDifficultyBlocks": n["pow_allow_min_difficulty_blocks"],
                "noRetargeting": n["pow_no_retargeting"],
                # regtest: Core's default is off (-test=bip94 turns it on)
                "enforceBip94": n["enforce_bip94"] is True,
            },
            "deployments": deployments,
            "subsidyHalvingInterval": n["subsidy_halving_interval"],
            "minimumChainWork": n["minimum_chain_work"],
        },
        "headersPresync": {
            "commitmentPeriod": n["headers_sync_params"]["commitment_period"],
            "redownloadBufferSize": n["headers_sync_params"]["redownload_buffer_size"],
        },
        "addressEncoding": dict({"bech32Hrp": n["bech32_hrp"]}, **b58),
        "dnsSeeds": n["dns_seeds"],
        "fixedSeeds": read_seeds(os.path.join(vectors, "seeds", seedfile)) if seedfile else [],
    }
    if assume_valid is not None:
        out["consensus"]["assumeValid"] = assume_valid["hash"]
    if "signet_challenge_hex" in n:
        out["signetChallenge"] = n["signet_challenge_hex"]
    return out


def onion_v3(pubkey):
    """Tor v3 address text for a 32-byte key (rend-spec-v3: key || checksum[:2] || version 3)."""
    checksum = hashlib.sha3_256(b".onion checksum" + pubkey + b"\x03").digest()[:2]
    return base64.b32encode(pubkey + checksum + b"\x03").decode().lower() + ".onion"


def compact_size(n):
    assert n < 0xfd
    return bytes([n])


def mine_custom():
    """A one-transaction genesis block in Core's CreateGenesisBlock layout, with our own message and time."""
    msg = b"Mooring test chain genesis: a team's own chain loads without code changes"
    script_sig = bytes([0x04]) + struct.pack("<I", 0x1d00ffff) + bytes([0x01, 0x04]) + bytes([len(msg)]) + msg
    script_pubkey = bytes([0x51])  # OP_TRUE
    tx = (struct.pack("<i", 1) + b"\x01" + b"\x00" * 32 + struct.pack("<I", 0xffffffff)
          + compact_size(len(script_sig)) + script_sig + struct.pack("<I", 0xffffffff)
          + b"\x01" + struct.pack("<q", 50 * 100_000_000) + compact_size(len(script_pubkey)) + script_pubkey
          + struct.pack("<I", 0))
    merkle = sha256d(tx)
    bits = 0x207fffff
    target = 0x7fffff << (8 * (0x20 - 3))
    time = 1735689600  # 2025-01-01T00:00:00Z
    nonce = 0
    while True:
        header = struct.pack("<i", 1) + b"\x00" * 32 + merkle + struct.pack("<III", time, bits, nonce)
        h = sha256d(header)
        if int.from_bytes(h, "little") <= target:
            break
        nonce += 1
    block = header + b"\x01" + tx
    return h[::-1].hex(), block.hex(), nonce


def custom_chain():
    ghash, gblock, _ = mine_custom()
    return {
        "schemaVersion": 1,
        "id": "mooringtest",
        "dataDirName": "mooringtest",
        "magic": "6d6f6f72",
        "defaultPort": 28444,
        "genesis": {"hash": ghash, "block": gblock},
        "consensus": {
            "pow": {
                "limit": "7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
                "targetSpacing": 150,
                "targetTimespan": 302400,
                "allowMinDifficultyBlocks": True,
                "noRetargeting": False,
                "enforceBip94": True,
            },
            "deployments": {"bip34Height": 1, "bip65Height": 1, "bip66Height": 1, "csvHeight": 1, "segwitHeight": 0},
            "subsidyHalvingInterval": 840000,
            "minimumChainWork": "00",
            "assumeValid": "0" * 64,
        },
        "headersPresync": {"commitmentPeriod": 300, "redownloadBufferSize": 8000},
        "addressEncoding": {"bech32Hrp": "moor", "pubkeyAddress": "32", "scriptAddress": "3a", "secretKey": "b2",
                            "extPublicKey": "0488b21e", "extSecretKey": "0488ade4"},
        "dnsSeeds": ["seed.mooringtest.invalid."],
        "fixedSeeds": ["192.0.2.10:28444", "[2001:db8::10]:28444",
                       onion_v3(hashlib.sha256(b"mooringtest onion").digest()) + ":28444",
                       base64.b32encode(hashlib.sha256(b"mooringtest i2p").digest()).decode().rstrip("=").lower()
                       + ".b32.i2p:0"],
    }


def toml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, list):
        return "[\n" + "".join("  " + toml_value(x) + ",\n" for x in v) + "]"
    raise TypeError(v)


def to_toml(d, prefix=""):
    lines = []
    tables = []
    for k, v in d.items():
        if isinstance(v, dict):
            tables.append((k, v))
        else:
            lines.append(f"{k} = {toml_value(v)}")
    out = "\n".join(lines) + ("\n" if lines else "")
    for k, v in tables:
        name = prefix + k
        out += f"\n[{name}]\n" + to_toml(v, name + ".")
    return out


def main():
    vectors = sys.argv[1]
    os.makedirs(MAIN_RES, exist_ok=True)
    os.makedirs(TEST_RES, exist_ok=True)
    for key in NETS:
        with open(os.path.join(MAIN_RES, key + ".json"), "w") as f:
            json.dump(chain_file(vectors, key), f, indent=2)
            f.write("\n")
    custom = custom_chain()
    with open(os.path.join(TEST_RES, "mooringtest.json"), "w") as f:
        json.dump(custom, f, indent=2)
        f.write("\n")
    with open(os.path.join(TEST_RES, "mooringtest.toml"), "w") as f:
        f.write("# The mooringtest example chain (same keys as mooringtest.json).\n")
        f.write(to_toml(custom))


if __name__ == "__main__":
    main()
