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
