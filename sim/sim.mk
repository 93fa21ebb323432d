# madoguchi-juki-sim, the Juki-net gateway simulator. It shares no code with the terminal's
# codec (only xmalloc and synthetic persons from lib/): it is the other party to the
# contract and must be able to disagree. scripts/check-layers holds it to that.
noinst_LIBRARIES += sim/libjukisim.a
sim_libjukisim_a_CPPFLAGS = $(LIB_INCLUDES) $(PATH_DEFS)
sim_libjukisim_a_SOURCES = sim/sim.h sim/sim-cp932.c sim/sim-file.c sim/sim-people.c
JUKISIM_LIBS = sim/libjukisim.a lib/libbase.a $(CRYPTO_LIBS) $(LIBICONV)

bin_PROGRAMS += madoguchi-juki-sim
madoguchi_juki_sim_CPPFLAGS = $(LIB_INCLUDES) $(PATH_DEFS)
madoguchi_juki_sim_SOURCES = sim/madoguchi-juki-sim.c
madoguchi_juki_sim_LDADD = $(JUKISIM_LIBS)

# madoguchi-card-sim, a virtual My Number card behind vsmartcard-vpcd (docs/mynumber-card.md).
# The same rule: it shares no code with the terminal's card reader (app/card/) nor with the
# terminal's validators, only xmalloc from lib/ and OpenSSL's SHA-256.
bin_PROGRAMS += madoguchi-card-sim
madoguchi_card_sim_CPPFLAGS = $(LIB_INCLUDES) $(PATH_DEFS)
madoguchi_card_sim_SOURCES = sim/madoguchi-card-sim.c sim/card-sim.h sim/card-sim-apdu.c \
	sim/card-sim-files.c
madoguchi_card_sim_LDADD = lib/libbase.a $(CRYPTO_LIBS)
