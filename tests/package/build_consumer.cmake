# Installs the build tree into a scratch prefix, then configures, builds and runs a consumer
# project against it with find_package(HostBridge), as a DCC plug-in's build would.
# Inputs: BUILD_DIR, SOURCE_DIR (the consumer), WORK_DIR.
file(REMOVE_RECURSE ${WORK_DIR})
foreach(step
    "${CMAKE_COMMAND};--install;${BUILD_DIR};--prefix;${WORK_DIR}/prefix"
    "${CMAKE_COMMAND};-S;${SOURCE_DIR};-B;${WORK_DIR}/build;-DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix"
    "${CMAKE_COMMAND};--build;${WORK_DIR}/build"
    "${WORK_DIR}/build/consumer")
  execute_process(COMMAND ${step} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "step failed (${rc}): ${step}\n${out}\n${err}")
  endif()
endforeach()
if(NOT out MATCHES "sum=5")
  message(FATAL_ERROR "the consumer printed: ${out}")
endif()
message(STATUS "consumer built against the installed package and ran: ${out}")
