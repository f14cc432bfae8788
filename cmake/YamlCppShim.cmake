# yaml-cpp < 0.8 (Debian 12 ships 0.7) exports the plain target `yaml-cpp`;
# 0.8 and later export `yaml-cpp::yaml-cpp`. Link the namespaced name everywhere.
if(TARGET yaml-cpp AND NOT TARGET yaml-cpp::yaml-cpp)
  add_library(yaml-cpp::yaml-cpp INTERFACE IMPORTED)
  set_target_properties(yaml-cpp::yaml-cpp PROPERTIES INTERFACE_LINK_LIBRARIES yaml-cpp)
endif()
