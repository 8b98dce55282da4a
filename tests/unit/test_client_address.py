"""Which address the sign-in throttle and anonymous limits count, with and without trusted proxies."""

import pytest

from shiftapp.api.client_address import resolve_client_address

PROXY = "10.0.0.5"


@pytest.mark.parametrize("forwarded_for", [None, "", "198.51.100.7", "198.51.100.7, 203.0.113.9"])
def test_without_trusted_proxies_the_peer_counts_whatever_the_header_says(forwarded_for):
    assert resolve_client_address(PROXY, forwarded_for, 0) == PROXY


def test_one_proxy_means_the_last_entry_is_the_client():
    # The client sent a made-up entry of its own; the proxy appended the address it really saw.
    assert resolve_client_address(PROXY, "1.2.3.4, 198.51.100.7", 1) == "198.51.100.7"


def test_two_proxies_skip_the_inner_proxy_entry():
    assert resolve_client_address(PROXY, "1.2.3.4, 198.51.100.7, 10.0.0.9", 2) == "198.51.100.7"


@pytest.mark.parametrize("forwarded_for", [None, "", "198.51.100.7", "not-an-address, garbage"])
def test_a_header_shorter_than_the_chain_or_not_an_address_falls_back_to_the_peer(forwarded_for):
    assert resolve_client_address(PROXY, forwarded_for, 2) == PROXY


def test_addresses_are_normalised_so_one_client_has_one_bucket():
    assert resolve_client_address(PROXY, "2001:DB8::0:1", 1) == "2001:db8::1"
