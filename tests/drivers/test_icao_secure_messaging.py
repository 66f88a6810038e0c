"""Every step of BAC and secure messaging against ICAO 9303 part 11, appendix D."""

from drivers.apdu import CommandApdu
from drivers.icao_secure_messaging import (
    SessionKeys,
    bac_keys,
    decrypt,
    encrypt,
    key_seed,
    pad,
    retail_mac,
    unpad,
)

h = bytes.fromhex
MRZ_INFORMATION = "L898902C<369080619406236"
K_ENC, K_MAC = h("AB94FDECF2674FDFB9B391F85D7F76F2"), h("7962D9ECE03D1ACD4C76089DCE131543")
RND_IC, RND_IFD = h("4608F91988702212"), h("781723860C06C226")
K_IFD, K_IC = h("0B795240CB7049B01C19B33E32804F0B"), h("0B4F80323EB3191CB04970CB4052790B")


def test_basic_access_keys():
    assert key_seed(MRZ_INFORMATION) == h("239AB9CB282DAF66231DC5A4DF6BFBAE")
    assert bac_keys(MRZ_INFORMATION) == (K_ENC, K_MAC)


def test_mutual_authentication_cryptogram_and_mac():
    s = RND_IFD + RND_IC + K_IFD
    e_ifd = encrypt(K_ENC, s)
    assert e_ifd == h("72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2")
    assert retail_mac(K_MAC, e_ifd) == h("5F1448EEA8AD90A7")
    answer = h("46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F2F2D235D074D7449")
    assert retail_mac(K_MAC, answer[:32]) == answer[32:]
    assert decrypt(K_ENC, answer[:32]) == RND_IC + RND_IFD + K_IC


def test_session_keys_and_counter():
    keys = SessionKeys.from_bac(K_IFD, K_IC, RND_IC, RND_IFD)
    assert keys.ks_enc == h("979EC13B1CBFE9DCD01AB0FED307EAE5")
    assert keys.ks_mac == h("F1CB1F1FB5ADF208806B89DC579DC1F8")
    assert keys.ssc == 0x887022120C06C226


def test_protected_select_read_binary_and_their_answers():
    keys = SessionKeys.from_bac(K_IFD, K_IC, RND_IC, RND_IFD)
    select = keys.protect(CommandApdu(0x00, 0xA4, 0x02, 0x0C, data=h("011E")))
    assert select == h("0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800")
    assert keys.unprotect(h("990290008E08FA855A5D4C50A8ED"), 0x90, 0x00) == (b"", 0x90, 0x00)
    read = keys.protect(CommandApdu(0x00, 0xB0, 0x00, 0x00, le=4))
    assert read == h("0CB000000D9701048E08ED6705417E96BA5500")
    answer = h("8709019FF0EC34F9922651990290008E08AD55CC17140B2DED")
    assert keys.unprotect(answer, 0x90, 0x00) == (h("60145F01"), 0x90, 0x00)
    read = keys.protect(CommandApdu(0x00, 0xB0, 0x00, 0x04, le=0x12))
    assert read == h("0CB000040D9701128E082EA28A70F3C7B53500")
    answer = h("871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D74")
    assert keys.unprotect(answer, 0x90, 0x00)[0] == h("04303130365F36063034303030305C026175")


def test_padding_round_trip():
    assert pad(b"") == h("8000000000000000")
    assert pad(h("0102030405060708")) == h("01020304050607088000000000000000")
    assert unpad(pad(b"abc")) == b"abc"
