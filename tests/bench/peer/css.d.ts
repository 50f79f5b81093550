declare module 'driver.js/dist/driver.css' {
  const css: string;
  export default css;
}
